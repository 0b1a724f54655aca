// The only two IPC channel names: every API request goes through one, every event the other.
export const IPC_INVOKE_CHANNEL = 'trainbench:invoke';
export const IPC_EVENT_CHANNEL = 'trainbench:event';
