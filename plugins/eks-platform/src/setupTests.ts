import '@testing-library/jest-dom';

// The first test of a file transpiles the components it renders; on two CI
// cores shared with the repository's other suites that alone passed jest's
// 5 s default (seen on the loading-skeleton tests).
jest.setTimeout(30_000);
