export { compileErb, type CompileErbOptions, type ErbProgram, type TemplatePosition } from "./compiler.js";
export { dumpBinaryString } from "./escape.js";
export { detectMagicComment, type MagicComment } from "./magic-comment.js";
export { findRubyEncoding, isAsciiCompatibleEncoding } from "./encodings.js";
