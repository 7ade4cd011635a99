export declare function fetchSecret(name: string): Promise<string>;
