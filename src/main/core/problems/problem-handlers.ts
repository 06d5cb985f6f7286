import type { Handlers } from '../handlers'
import type { ProblemCandidates } from './problem-candidates'

type ProblemMethods = 'problems.candidates' | 'problems.fromCandidate' | 'problems.dismiss' | 'problems.settleIncidents'

export function problemHandlers({ candidates, changed }: { candidates: ProblemCandidates; changed: (ids: string[]) => void }): Pick<Handlers, ProblemMethods> {
  return {
    'problems.candidates': () => candidates.list(),
    'problems.fromCandidate': ({ incidentIds, subject }) => {
      const problem = candidates.createProblem(incidentIds, subject)
      changed([problem.id, ...incidentIds])
      return problem
    },
    'problems.settleIncidents': ({ id, how, message }) => {
      const result = candidates.settleIncidents(id, how, message)
      changed([id, ...result.ids])
      return { settled: result.ids.length, skipped: result.skipped }
    },
    'problems.dismiss': ({ incidentIds, title }) => {
      candidates.dismiss(incidentIds, title)
      changed(incidentIds)
      return { dismissed: true as const }
    }
  }
}
