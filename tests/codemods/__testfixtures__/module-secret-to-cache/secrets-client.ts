export declare function readSecret(name: string): Promise<string>;
export declare function getSecret(name: string): Promise<string>;
