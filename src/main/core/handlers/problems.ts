import type { ProblemCandidates } from '../problems/problem-candidates'
import type { AreaHandlers, TicketsChanged } from './handler-types'

export function problemsHandlers({ candidates, ticketsChanged }: { candidates: ProblemCandidates; ticketsChanged: TicketsChanged }): AreaHandlers<'problems'> {
  return {
    'problems.candidates': () => candidates.list(),
    'problems.fromCandidate': ({ incidentIds, subject }) => {
      const problem = candidates.createProblem(incidentIds, subject)
      ticketsChanged([problem.id, ...incidentIds])
      return problem
    },
    'problems.settleIncidents': ({ id, how, message }) => {
      const result = candidates.settleIncidents(id, how, message)
      ticketsChanged([id, ...result.ids])
      return { settled: result.ids.length, skipped: result.skipped }
    },
    'problems.dismiss': ({ incidentIds, title }) => {
      candidates.dismiss(incidentIds, title)
      ticketsChanged(incidentIds)
      return { dismissed: true as const }
    }
  }
}
