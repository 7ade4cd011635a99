export declare function fetchSecret(name: string): Promise<string>;
export declare function getPassword(): Promise<string>;
