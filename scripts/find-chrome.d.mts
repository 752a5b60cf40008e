export declare const CANDIDATES: string[];
export declare function findChrome(options?: { install?: boolean; log?: (line: string) => void }): string;
