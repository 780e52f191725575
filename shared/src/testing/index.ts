// Test helpers for every package's tests: \`@archboard/shared/testing\`. Not part of the product.
export * from './exportFixtures';
export * from './results';
export * from './xml';
export * from './random';
