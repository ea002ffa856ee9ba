// Runs in <head> before the first paint, so a dark theme never flashes light. The choice ('light', 'dark',
// 'system') is the user's server-side preference, mirrored here by the app after each sign-in; 'system'
// follows the operating system, live. A plain script file because the CSP allows no inline script.
(function () {
  var KEY = 'trucrm.theme';
  var media = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  function choice() {
    try {
      var v = window.localStorage.getItem(KEY);
      return v === 'light' || v === 'dark' ? v : 'system';
    } catch (e) {
      return 'system';
    }
  }
  function apply() {
    var c = choice();
    var dark = c === 'dark' || (c === 'system' && !!media && media.matches);
    document.documentElement.setAttribute('data-theme', dark ? 'dark' : 'light');
  }
  apply();
  if (media && media.addEventListener) media.addEventListener('change', apply);
  window.addEventListener('storage', function (e) {
    if (e.key === KEY) apply();
  });
})();
