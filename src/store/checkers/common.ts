/** What every stored checker entry shares, and the compile-time tie of a schema to its type. */
import { z } from 'zod';
import type { CheckResult, Validity } from '../../checker/verdict.js';

/** `T` with intersections flattened, at every depth (modifiers kept), so equal shapes compare equal. */
type Flat<T> = T extends object ? { [K in keyof T]: Flat<T[K]> } : T;

/**
 * `true` when `A` and `B` have the same shape (fields, their types, readonly and optional
 * modifiers). A schema whose output is not exactly its checker's result type fails to compile.
 */
export type SameType<A, B> =
  (<T>() => T extends Flat<A> ? 1 : 2) extends <T>() => T extends Flat<B> ? 1 : 2 ? true : false;

/** Compiles only when given `true`: `assertSameType<SameType<Schema, Type>>(true)`. */
export function assertSameType<T extends true>(_proof: T): void {}

export const validitySchema = z.union([z.boolean(), z.literal('unknown')], {
  error: 'expected true, false or "unknown"',
}) satisfies z.ZodType<Validity>;

/** The fields of `CheckResult`, to spread into each checker's schema. */
export const checkResultFields = {
  valid: validitySchema,
  reason: z.string().optional(),
  error: z.string().optional(),
};

/**
 * The entry a checker leaves when it produced no result of its own: it crashed (the runner
 * turns a throwing checker into `unknown` with the error), or the run was interrupted before
 * it could run. Strict: only these three fields, so a partial result is never taken for it.
 */
export const checkerUnavailableSchema = z.strictObject({
  valid: z.literal('unknown'),
  reason: z.string(),
  error: z.string().optional(),
});

export type CheckerUnavailable = z.infer<typeof checkerUnavailableSchema>;

assertSameType<SameType<z.infer<z.ZodObject<typeof checkResultFields>>, CheckResult>>(true);
