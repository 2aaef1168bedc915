export function buildAll(): Promise<void>;
export function buildAddon(): Promise<void>;
export function buildDialog(): Promise<void>;
export function buildCli(): Promise<void>;
export function buildSidebar(): Promise<void>;
