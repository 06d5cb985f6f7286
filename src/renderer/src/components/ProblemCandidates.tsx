import { useCallback, useEffect, useState } from 'react'
import type { ProblemCandidate } from '../../../shared/domain'
import { call } from '../api'
import { useSession } from '../state/session-store'
import { useTicket } from '../state/ticket-store'
import { DialogActions, FormDialog } from './FormDialog'

/** Incidents that keep coming back, each group offered as a problem in one step, or set aside for good. */
export function ProblemCandidates() {
  const [candidates, setCandidates] = useState<ProblemCandidate[] | null>(null)
  const [making, setMaking] = useState<ProblemCandidate | null>(null)
  const load = useCallback(() => call('problems.candidates', {}).then(setCandidates, (e: unknown) => useSession.getState().notify(e)), [])
  useEffect(() => void load(), [load])
  if (!candidates) return null

  const dismiss = async (c: ProblemCandidate) => {
    try {
      await call('problems.dismiss', { incidentIds: c.incidents.map((i) => i.id), title: c.title })
      useSession.getState().inform(`“${c.title}” will not be proposed again.`)
      void load()
    } catch (error) {
      useSession.getState().notify(error)
    }
  }
  return (
    <section className="report-figure problem-candidates" aria-labelledby="candidates-title">
      <h2 id="candidates-title">Recurring incidents</h2>
      <p className="definition">
        Groups of five or more similar incidents within a week, from the last month, that no problem explains yet: alike in their words (rare words count more), category,
        application and machine model.
      </p>
      {candidates.length === 0 ? (
        <p className="hint">None: no incident keeps coming back.</p>
      ) : (
        <ul className="candidates">
          {candidates.map((c) => (
            <li key={c.incidents[0]!.id}>
              <article aria-label={`Candidate problem: ${c.title}`}>
                <p className="report-headline">
                  {c.incidents.length} × {c.title}
                </p>
                <p className="hint">
                  {new Date(c.firstAt).toLocaleDateString()} – {new Date(c.lastAt).toLocaleDateString()} · {c.inWindow} within a week · shared words: {c.terms.join(', ')}
                  {c.application ? ` · ${c.application}` : ''}
                </p>
                <details>
                  <summary>The incidents</summary>
                  <ul className="report-tickets">
                    {c.incidents.map((i) => (
                      <li key={i.id}>
                        <span className="number">{i.number}</span> {i.subject} <span className="hint">{new Date(i.createdAt).toLocaleString()}</span>
                      </li>
                    ))}
                  </ul>
                </details>
                <div className="dialog-actions">
                  <button type="button" onClick={() => void dismiss(c)}>
                    Not one problem
                  </button>
                  <button type="button" className="primary" onClick={() => setMaking(c)}>
                    Make it a problem…
                  </button>
                </div>
              </article>
            </li>
          ))}
        </ul>
      )}
      {making && (
        <MakeProblem
          candidate={making}
          onDone={() => {
            setMaking(null)
            void load()
          }}
        />
      )}
    </section>
  )
}

function MakeProblem({ candidate, onDone }: { candidate: ProblemCandidate; onDone(): void }) {
  const [subject, setSubject] = useState(`Recurring: ${candidate.title}`)
  const submit = async () => {
    try {
      const problem = await call('problems.fromCandidate', { incidentIds: candidate.incidents.map((i) => i.id), subject })
      useSession.getState().inform(`${problem.number} logged; ${candidate.incidents.length} incidents linked to it.`)
      onDone()
      useSession.getState().setView('console')
      void useTicket.getState().open(problem.id)
    } catch (error) {
      useSession.getState().notify(error)
    }
  }
  return (
    <FormDialog title="Make it a problem" open onOpenChange={(o) => !o && onDone()}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <label className="field">
          Problem subject
          <input value={subject} onChange={(e) => setSubject(e.target.value)} required maxLength={300} />
        </label>
        <p className="hint">The problem is logged with the {candidate.incidents.length} incidents listed, and each incident is linked to it as one it explains.</p>
        <DialogActions submit="Log the problem" disabled={!subject.trim()} />
      </form>
    </FormDialog>
  )
}
