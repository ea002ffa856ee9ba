// Which of better-auth's endpoints the product serves: only what tRPC auth.login and auth.logout call.
// The rest would sit beside our own procedures unguarded by them: /update-user let a rep rename themselves
// past the admin-only, audited users.update; /change-password left the user's other sessions alive.

export const EXPOSED_AUTH_PATHS = ['/sign-in/email', '/sign-out'] as const;

/**
 * Every other endpoint of better-auth 1.7, switched off in its own router (tests/integration/auth/
 * exposedEndpoints.test.ts fails when an upgrade adds one that is not listed). disabledPaths matches whole
 * paths, so it cannot name the two with a parameter (/callback/:id, /reset-password/:token): app.ts forwards
 * only EXPOSED_AUTH_PATHS to better-auth, which keeps those out too.
 */
export const DISABLED_AUTH_PATHS = [
  '/sign-in/social',
  '/sign-up/email',
  '/get-session',
  '/update-session',
  '/list-sessions',
  '/revoke-session',
  '/revoke-sessions',
  '/revoke-other-sessions',
  '/update-user',
  '/change-email',
  '/change-password',
  '/set-password',
  '/delete-user',
  '/delete-user/callback',
  '/verify-password',
  '/reset-password',
  '/request-password-reset',
  '/verify-email',
  '/send-verification-email',
  '/link-social',
  '/list-accounts',
  '/unlink-account',
  '/refresh-token',
  '/get-access-token',
  '/account-info',
  '/ok',
  '/error',
];
