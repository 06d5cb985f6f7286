import { LifecyclePolicy } from '../../../shared/inventory'
import type { Directory } from '../store/directory'
import { defaultLifecycleYears } from './fleet-flags'

/** The desk's refresh policy: what a supervisor set, else the defaults (laptops 4 years, desktops 5, servers 6). */
export function lifecyclePolicy(directory: Directory): LifecyclePolicy {
  const stored = directory.getMeta('lifecycle_years')
  const parsed = stored ? LifecyclePolicy.safeParse(JSON.parse(stored)) : null
  return parsed?.success ? parsed.data : defaultLifecycleYears
}
