/**
 * One policy for every host of the console: the Electron window, the built index.html, the browser
 * host. Nothing is allowed by default; scripts, styles, images and connections come from the app
 * itself. One adjustment to the standard policy: styles may also be inline, because the virtual
 * lists (queue, fleet) place each row with a style attribute and the dialogs' scroll lock
 * (react-remove-scroll, under Radix) writes a <style> element. No script can be inline, and with
 * images and connections held to 'self', a style cannot send anything anywhere.
 */
export const contentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"
