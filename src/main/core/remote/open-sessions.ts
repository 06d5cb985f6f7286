import type { EventData } from '../../../shared/domain'
import type { Directory } from '../store/directory'

type RemoteEvent = Extract<EventData, { kind: 'remote' }>

/** A session this workstation started and has not yet seen end: its ticket and its "started" entry. */
export interface OpenSession {
  ticketId: string
  started: RemoteEvent
}

/** Where open sessions are kept between runs, so one whose end the desk missed is closed at the next start. */
export interface OpenSessionLog {
  add(session: OpenSession): void
  remove(sessionId: string): void
  all(): OpenSession[]
}

const key = 'remote.open_sessions'

/**
 * The log in the desk file's own settings (`desk_meta`, never synced): a session started on another
 * workstation is that workstation's to close, so only this one's are listed. `directory` is read on
 * each call, since the desk may move to a recovered file while a client runs.
 */
export function deskSessionLog(directory: () => Directory): OpenSessionLog {
  const read = (): OpenSession[] => {
    const stored = directory().getMeta(key)
    if (!stored) return []
    try {
      const parsed: unknown = JSON.parse(stored)
      return Array.isArray(parsed) ? (parsed as OpenSession[]) : []
    } catch {
      return []
    }
  }
  const write = (sessions: OpenSession[]) => directory().setMeta(key, JSON.stringify(sessions))
  return {
    add: (session) => write([...read().filter((s) => s.started.sessionId !== session.started.sessionId), session]),
    remove: (sessionId) => write(read().filter((s) => s.started.sessionId !== sessionId)),
    all: read
  }
}
