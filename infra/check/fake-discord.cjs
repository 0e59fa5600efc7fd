// Usage: node fake-discord.cjs <port> <out.jsonl>
// Stands in for Discord's webhook endpoint on 127.0.0.1:<port>: every POST is answered 204 (as Discord does
// without ?wait=true) and appended to <out.jsonl> as {at, path, body, problems}, where problems lists what
// Discord would refuse: a body that is not JSON, no content and no embed, more than 10 embeds, content over
// 2000 characters, an embed title over 256 or a description over 4096, 6000 characters in all.
"use strict";
const fs = require("fs");
const http = require("http");

const [port, out] = process.argv.slice(2);
const len = (s) => [...(s || "")].length;

function problems(body) {
  const p = [];
  if (typeof body !== "object" || body === null) return ["not a JSON object"];
  const embeds = body.embeds || [];
  if (!len(body.content) && !embeds.length) p.push("neither content nor embeds");
  if (embeds.length > 10) p.push(`${embeds.length} embeds (at most 10)`);
  if (len(body.content) > 2000) p.push(`content of ${len(body.content)} characters (at most 2000)`);
  let total = 0;
  for (const e of embeds) {
    if (len(e.title) > 256) p.push(`embed title of ${len(e.title)} characters (at most 256)`);
    if (len(e.description) > 4096) p.push(`embed description of ${len(e.description)} characters (at most 4096)`);
    total += len(e.title) + len(e.description);
  }
  if (total > 6000) p.push(`embeds of ${total} characters in all (at most 6000)`);
  return p;
}

http
  .createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      const entry = { at: Date.now() / 1000, method: req.method, path: req.url, body, problems: problems(body) };
      fs.appendFileSync(out, JSON.stringify(entry) + "\n");
      res.writeHead(req.method === "POST" ? 204 : 405);
      res.end();
    });
  })
  .listen(Number(port), "127.0.0.1", () => console.log(`fake Discord on 127.0.0.1:${port}`));
process.on("SIGTERM", () => process.exit(0));
