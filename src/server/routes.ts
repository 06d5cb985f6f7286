import type { Role } from '../shared/sync'

/** Who may call what: the server checks it on every request, and the role-matrix test walks all of it. */
export const routeRoles = {
  'POST /api/session': 'public',
  'DELETE /api/session': ['agent', 'specialist', 'supervisor', 'admin'],
  'POST /api/sync/push': ['agent', 'specialist', 'supervisor', 'admin'],
  'GET /api/sync/pull': ['agent', 'specialist', 'supervisor', 'admin'],
  'GET /api/events': ['agent', 'specialist', 'supervisor', 'admin'],
  'GET /api/accounts': ['supervisor', 'admin'],
  'POST /api/accounts': ['admin'],
  'DELETE /api/devices/:id': ['admin'],
  'POST /api/enrollments': ['supervisor', 'admin'],
  'GET /api/enrollments': ['supervisor', 'admin'],
  'DELETE /api/enrollments/:id': ['supervisor', 'admin'],
  // Also open to an enrollment token (Authorization: Enroll …), which can do nothing else.
  'POST /api/inventory/snapshots': ['agent', 'specialist', 'supervisor', 'admin'],
  'GET /api/inventory/snapshots': ['agent', 'specialist', 'supervisor', 'admin'],
  'GET /api/inventory/reviews': ['supervisor', 'admin'],
  'POST /api/inventory/reviews/:id': ['supervisor', 'admin'],
  'POST /api/assets': ['agent', 'specialist', 'supervisor', 'admin'],
  'GET /api/assets': ['agent', 'specialist', 'supervisor', 'admin'],
  'POST /api/kb/versions': ['agent', 'specialist', 'supervisor', 'admin'],
  'GET /api/kb/versions': ['agent', 'specialist', 'supervisor', 'admin'],
  'GET /api/health': 'public'
} as const satisfies Record<string, Role[] | 'public'>

export type Route = keyof typeof routeRoles
