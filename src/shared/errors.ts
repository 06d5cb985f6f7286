// Plain types and one class, no zod at run time: the console's first bundle throws and reads these errors.
import type { ZodError } from 'zod'

/** Every failure that crosses a boundary is one of these codes, so the UI can react by code, not by text. */
export const errorCodes = [
  'INVALID_INPUT',
  'UNKNOWN_METHOD',
  'NOT_FOUND',
  'ILLEGAL_TRANSITION',
  'CONFLICT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'UNAVAILABLE',
  'RATE_LIMITED',
  'INTERNAL'
] as const
export type ErrorCode = (typeof errorCodes)[number]

export type ErrorIssue = { path: string; message: string }

export type AppError = { code: ErrorCode; message: string; issues?: ErrorIssue[] | undefined }

/** The envelope every call returns: plain data, so it survives structured clone and JSON alike. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError }

/** Thrown inside core (and by the renderer's client) to carry a typed error to the boundary. */
export class DeskError extends Error {
  readonly code: ErrorCode
  readonly issues?: ErrorIssue[]

  constructor(code: ErrorCode, message: string, issues?: ErrorIssue[]) {
    super(message)
    this.name = 'DeskError'
    this.code = code
    if (issues) this.issues = issues
  }

  toAppError(): AppError {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message }
  }
}

/** zod issues, flattened to what a person can read next to a form field. */
export function issuesFrom(error: ZodError): ErrorIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message
  }))
}
