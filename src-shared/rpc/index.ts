export * from './envelope.js';
export * from './transport.js';
export * from './client.js';
export * from './server.js';
export * from './transports/in-process.js';
export * from './transports/message-port.js';
export * from './transports/websocket.js';
