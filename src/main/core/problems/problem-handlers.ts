import type { Handlers } from '../handlers'
import type { ProblemCandidates } from './problem-candidates'

type ProblemMethods = 'problems.candidates' | 'problems.fromCandidate' | 'problems.dismiss'

export function problemHandlers({ candidates, changed }: { candidates: ProblemCandidates; changed: (ids: string[]) => void }): Pick<Handlers, ProblemMethods> {
  return {
    'problems.candidates': () => candidates.list(),
    'problems.fromCandidate': ({ incidentIds, subject }) => {
      const problem = candidates.createProblem(incidentIds, subject)
      changed([problem.id, ...incidentIds])
      return problem
    },
    'problems.dismiss': ({ incidentIds, title }) => {
      candidates.dismiss(incidentIds, title)
      return { dismissed: true as const }
    }
  }
}
