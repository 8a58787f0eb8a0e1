import type { IpcError } from '../../src-preload/contract'

/** An error whose message is meant for the learner; crosses the process boundary as a typed value. */
export class AppError extends Error {
  constructor(
    readonly code: IpcError['code'],
    message: string,
    readonly issues?: IpcError['issues']
  ) {
    super(message)
    this.name = 'AppError'
  }

  toIpcError(): IpcError {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message }
  }
}
