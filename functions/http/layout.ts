import { createHash } from 'node:crypto'
import { Html, html } from '#shared/mail/html.ts'

/**
 * The plain page shell: GOV.UK-like type and spacing, a skip link, one `main`, and no
 * script at all. The stylesheet is inline and allowed by its hash, so the Content Security
 * Policy can forbid everything else (no scripts, no frames, forms only to ourselves).
 */
const CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:Arial,Helvetica,sans-serif;font-size:19px;line-height:1.4;color:#0b0c0c;background:#fff}
a{color:#1d70b8}a:visited{color:#4c2c92}a:focus,button:focus,textarea:focus,input:focus,select:focus,summary:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:0 -2px #fd0,0 4px #0b0c0c}
.skip{position:absolute;left:-9999px}.skip:focus{position:static;display:block;padding:8px;background:#fd0;color:#0b0c0c}
header{background:#0b0c0c;color:#fff;padding:12px 0;border-bottom:10px solid #1d70b8}
header p{margin:0;font-weight:bold;font-size:20px}
.width{max-width:960px;margin:0 auto;padding:0 15px}
main{padding:30px 0 60px}
h1{font-size:32px;line-height:1.1;margin:0 0 20px}h2{font-size:24px;margin:40px 0 10px}
.lead{font-size:20px}.hint{color:#505a5f;margin:0 0 10px}
.action{border-top:1px solid #b1b4b6;padding-top:10px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 20px;margin:0 0 20px}dt{font-weight:bold}dd{margin:0}
.tag{display:inline-block;padding:2px 8px;background:#d4351c;color:#fff;font-weight:bold;font-size:16px;letter-spacing:.5px}
.field{margin:0 0 20px}.field label{display:block;font-weight:bold;margin:0 0 5px}
.field--error{border-left:5px solid #d4351c;padding-left:15px}.error{color:#d4351c;font-weight:bold;margin:0 0 10px}
textarea{width:100%;max-width:640px;font:inherit;padding:5px;border:2px solid #0b0c0c}
.check{display:flex;gap:10px;align-items:flex-start;margin:0 0 20px}.check input{width:28px;height:28px;margin:0;flex:none}
button{font:inherit;font-weight:bold;color:#fff;background:#00703c;border:0;padding:8px 12px;box-shadow:0 2px 0 #002d18;cursor:pointer}
button:hover{background:#005a30}
.summary{border:5px solid #d4351c;padding:15px;margin:0 0 30px}.summary h2{margin-top:0}
.banner{border:5px solid #00703c;padding:15px;margin:0 0 30px}.banner p{margin:0;font-weight:bold}
footer{border-top:1px solid #b1b4b6;padding:20px 0;color:#505a5f;font-size:16px}
header .width{display:flex;flex-wrap:wrap;gap:10px 30px;align-items:center;justify-content:space-between}
header a{color:#fff}header a:visited{color:#fff}
nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:5px 20px;align-items:center}
nav form{margin:0}.link-button{background:none;box-shadow:none;padding:0;color:#fff;text-decoration:underline;font-weight:normal}
.link-button:hover{background:none}
table{border-collapse:collapse;width:100%;margin:0 0 30px}caption{text-align:left;font-weight:bold;font-size:20px;margin:0 0 10px}
th,td{text-align:left;vertical-align:top;padding:10px 20px 10px 0;border-bottom:1px solid #b1b4b6}th{font-weight:bold}
input[type=text],input[type=email],input[type=date],input[type=time],input[type=number],select{font:inherit;padding:5px;border:2px solid #0b0c0c;max-width:100%}
input[type=number]{width:5em}.radios{border:0;padding:0;margin:0 0 20px}.radios legend{font-weight:bold;margin:0 0 5px}
.radios label{display:inline-flex;gap:8px;align-items:center;margin:0 20px 5px 0}.radios input{width:24px;height:24px;margin:0}
.secondary{color:#0b0c0c;background:#f3f2f1;box-shadow:0 2px 0 #929191}.secondary:hover{background:#dbdad9}
.panel{background:#f3f2f1;padding:15px 20px;margin:0 0 30px}.panel h2{margin-top:0}
.status{display:inline-block;padding:2px 8px;font-weight:bold;font-size:16px;background:#cce2d8;color:#005a30}
.status--open{background:#fff7bf;color:#594d00}.status--overdue{background:#f4cdc6;color:#942514}
.meta{color:#505a5f}
details{margin:0 0 20px}summary{cursor:pointer;color:#1d70b8;text-decoration:underline;margin:0 0 10px}
`

const CSS_HASH = `sha256-${createHash('sha256').update(CSS).digest('base64')}`

/**
 * Headers every page carries. The link's token is in the URL, so no referrer may leak it.
 * `formTo` names another origin a form may end up at: browsers apply `form-action` to the
 * redirects after a post too, and signing out ends at Cognito's logout page.
 */
export function pageHeaders(formTo?: string): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': `default-src 'none'; style-src '${CSS_HASH}'; form-action 'self'${formTo ? ` ${formTo}` : ''}; frame-ancestors 'none'; base-uri 'none'`,
    'Referrer-Policy': 'no-referrer',
    'Strict-Transport-Security': 'max-age=31536000',
    'X-Frame-Options': 'DENY',
    'X-Robots-Tag': 'noindex, nofollow',
  }
}

export const PAGE_HEADERS = pageHeaders()

export function page(opts: {
  title: string
  service: string
  body: Html
  footer?: Html
  nav?: Html
}): string {
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} – ${opts.service}</title>
<style>${new Html(CSS)}</style>
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<header><div class="width"><p>${opts.service}</p>${opts.nav ?? ''}</div></header>
<div class="width">
<main id="main">
${opts.body}
</main>
${opts.footer ? html`<footer>${opts.footer}</footer>` : ''}
</div>
</body>
</html>`.value
}
