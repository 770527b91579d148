/**
 * Differential test against CRuby 4.0 (the ruby.wasm oracle): random templates built from ERB's
 * delimiters, blanks, line endings and non-ASCII text must compile to exactly `ERB#src`, and
 * magic comments must resolve (or fail) as `ERB.new` does.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { TemplateRenderError } from "../../src/diagnostics/errors.js";
import { compileErb } from "../../src/erb/index.js";
import { recordedOracle } from "../oracle/recorded.js";
import { seededRandom } from "../helpers/random.js";

const oracle = recordedOracle(import.meta.url);

const PIECES = [
  "<%", "<%=", "<%#", "<%-", "<%%", "%>", "-%>", "%%>", "<%-#", "<%-=", "<%==", "%",
  "\n", "\n", "\n", "\r\n", "\r", " ", " ", "  ", "\t", "x", "y = 1", "if true", "end", "# c",
  "#", "#{", "#$", "#@", "\"", "\\", "'", "-", "<", ">", "=", "é", "€", "😀", "\u00a0", "\ufeff",
  "\u0000", "\u0007", "\u001b", "\u007f", "\u000b", "\f", "\b",
];

const MAGIC = [
  "<%# coding: utf-8 %>A",
  "<%# coding: UTF-8 %>\n<%= 1 %>",
  "<%# encoding: ISO-8859-1 %>x",
  "<%# coding=latin1 %>x",
  "<%# coding: binary %>x",
  "<%# coding: ascii %>x",
  "<%# coding: CP932 %>x",
  "<%# coding: sjis %>x",
  "<%# coding: utf-8-mac %>x",
  "<%# coding: UTF8-MAC %>x",
  "<%# coding: utf-8-dos %>x",
  "<%# coding: euc-jp-unix %>x",
  "<%# coding: external %>x",
  "<%# coding: filesystem %>x",
  "<%# coding: internal %>x",
  "<%# coding: internal %>é<%= 'ü' %>",
  "<%# coding: UTF-16 %>x",
  "<%# coding: bogus %>x",
  "<%# vim: set fileencoding=utf-8 : %>x",
  "<%# -*- coding: utf-8 -*- %>x",
  "<%# -*- mode: ruby; coding: euc-jp -*- %>x",
  "<%# -*- frozen_string_literal: true -*- %>x",
  "<%# -*-  -*- %>x",
  "<%# frozen_string_literal: true %>x",
  "<%# frozen-string_literal: false %>x",
  "<%# frozen_string-literal:yes %>x",
  "<%# frozen_string_literal : true %>\n<%= 1 %>\n",
  "<%# frozen_string_literal: true; coding: utf-8 %>x",
  "<%# coding: utf-8 %><%# frozen_string_literal: true %>x",
  "<%# a %> b <%# coding: latin1 %>c\nd %>",
  "<%# a \n coding: latin1 %>x",
  "<%#coding:utf-8%>",
  "<%#%>",
  "<%#  %>",
  "\ufeff<%# coding: bogus %>x",
  " <%# coding: bogus %>x",
  "<%-# coding: bogus %>x",
  "<%# Coding: utf-8 %>x",
  "<%# CODING: bogus %>x",
  "<%# codingé: bogus %>x",
  "<%# coding: é %>x",
  "<%# coding: utf-8é %>x",
  "<%# coding:\tlatin1 %>x",
  "<%# coding: latin1\r%>x",
  "<%# frozen_string_literal: true\r%>x",
];

const rng = seededRandom;

function randomTemplates(n: number, seed: number): string[] {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = 1 + Math.floor(r() * 14);
    let t = "";
    for (let j = 0; j < k; j++) t += PIECES[Math.floor(r() * PIECES.length)];
    out.push(t);
  }
  return out;
}

const sharedDir = fileURLToPath(new URL("../../../shared/", import.meta.url));

/** jobs/<job>/templates/** and jobs/<job>/monit of every release in corpus/ and corpus-defaults/. */
function corpusTemplates(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  for (const set of ["corpus", "corpus-defaults"]) {
    const root = join(sharedDir, set);
    if (!existsSync(root)) continue;
    for (const release of readdirSync(root)) {
      const jobs = join(root, release, "jobs");
      if (!existsSync(jobs)) continue;
      for (const job of readdirSync(jobs)) {
        const templates = join(jobs, job, "templates");
        if (existsSync(templates)) walk(templates);
        const monit = join(jobs, job, "monit");
        if (existsSync(monit)) out.push(monit);
      }
    }
  }
  return out;
}

type Outcome = { src?: string; error?: string };

/** Ruby's `ERB.new(t, trim_mode: '-').src` (hex) or its error, recorded per template (as text where that is exact). */
async function rubyCompile(templates: string[]): Promise<Outcome[]> {
  const recorded = await oracle.answers("ERB#src", templates, async (ts) => (await liveCompile(ts)).map(asText));
  return recorded.map(({ text, ...o }) => (text === undefined ? o : { src: Buffer.from(text, "utf8").toString("hex") }));
}

/** A hex `src` as UTF-8 text when it decodes and encodes back to the same bytes (half the fixture size). */
function asText(o: Outcome): Outcome & { text?: string } {
  if (o.src === undefined) return o;
  const text = Buffer.from(o.src, "hex").toString("utf8");
  return Buffer.from(text, "utf8").toString("hex") === o.src ? { text } : o;
}

/** The corpus templates' outcomes as digests: the fixture must not copy templates from ../shared. */
function rubyCompileDigests(templates: string[]): Promise<string[]> {
  return oracle.answers("ERB#src digest", templates, async (ts) => (await liveCompile(ts)).map(digest), { digestKeys: true });
}

const digest = (o: Outcome): string => createHash("sha256").update(JSON.stringify(o)).digest("hex");

async function liveCompile(templates: string[]): Promise<Outcome[]> {
  const { rubyVm } = await import("../oracle/ruby.js");
  const vm = await rubyVm();
  // Hex, so that nothing in the templates can interfere with the Ruby source.
  const hex = Buffer.from(JSON.stringify(templates), "utf8").toString("hex");
  const res = vm.eval(`require 'erb'; require 'json'
    JSON.parse(['${hex}'].pack('H*').force_encoding('UTF-8')).map { |t|
      begin
        { "src" => ERB.new(t, trim_mode: '-').src.unpack1('H*') }
      rescue => e
        { "error" => "#{e.class}: #{e.message}" }
      end
    }.to_json`);
  return JSON.parse(res.toString()) as Outcome[];
}

function ours(t: string): Outcome {
  try {
    return { src: Buffer.from(compileErb(t).code, "utf8").toString("hex") };
  } catch (e) {
    if (e instanceof TemplateRenderError) return { error: `${e.rubyClass}: ${e.rubyMessage}` };
    throw e;
  }
}

function show(o: Outcome): string {
  return o.src !== undefined ? Buffer.from(o.src, "hex").toString("utf8") : `!${o.error}`;
}

describe("compileErb vs Ruby 4.0 ERB#src (oracle)", () => {
  it("magic comments", async () => {
    const expected = await rubyCompile(MAGIC);
    MAGIC.forEach((t, i) => {
      expect({ template: t, got: show(ours(t)) }).toEqual({ template: t, got: show(expected[i]) });
    });
  });

  it("every corpus template (read from ../shared at test time)", async (ctx) => {
    const files = corpusTemplates();
    if (files.length === 0) ctx.skip();
    // Decoded as Node's Buffer#toString does: a BOM is kept (ERB outputs it).
    const templates = files.map((f) => readFileSync(f).toString("utf8"));
    const expected = await rubyCompileDigests(templates);
    const mismatches = files.filter((f, i) => digest(ours(templates[i])) !== expected[i]);
    expect(mismatches).toEqual([]);
  });

  it("3000 random templates", async () => {
    const templates = randomTemplates(3000, 20261122);
    const expected = await rubyCompile(templates);
    const mismatches: { template: string; got: string; ruby: string }[] = [];
    templates.forEach((t, i) => {
      const got = ours(t);
      if (got.src !== expected[i].src || got.error !== expected[i].error) {
        mismatches.push({ template: t, got: show(got), ruby: show(expected[i]) });
      }
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
