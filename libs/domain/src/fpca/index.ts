export * from './dates';
export * from './geo';
export * from './text';
export * from './validate';
export * from './fixtures';
export * from './hostile-requests.fixture';
