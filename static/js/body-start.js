// Runs first in <body> so GOV.UK Frontend styles its JavaScript-enhanced components
// without a flash; kept in a file (not inline) so a strict Content Security Policy works.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
