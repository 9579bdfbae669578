/**
 * The operator console (docs/console.md): static HTML, CSS and JavaScript modules shipped in this
 * package's console/ folder, served at /ui. It reads the same REST API and /metrics a script
 * would, so it has no endpoints of its own and sits behind the same TLS and basic auth.
 */
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';

/** From dist/src/rest/ to the package root's console/. */
export const CONSOLE_DIR = fileURLToPath(new URL('../../../console/', import.meta.url));

export function consoleResource(): Router {
  const router = Router({ caseSensitive: true });
  router.use((_req, res, next) => {
    // Only our own files run: a connector name or a trace shown in the page can never load or run code.
    res.setHeader('content-security-policy', "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    res.setHeader('x-content-type-options', 'nosniff');
    next();
  });
  router.use(express.static(CONSOLE_DIR, { index: 'index.html', fallthrough: true }));
  return router;
}
