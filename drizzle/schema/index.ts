export * from './auth';
export * from './crm';
export * from './delivery';
export * from './platform';
export * from './data';
export * from './workspace';
export * from './assistant';
export * from './automation';
