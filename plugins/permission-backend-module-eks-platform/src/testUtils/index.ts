/**
 * For tests of permission decisions only, never for a portal: signs in the
 * catalog user a request names.
 *
 * @packageDocumentation
 */
export { TEST_USER_HEADER, testUserSignInModule } from './catalogUserSignIn';
