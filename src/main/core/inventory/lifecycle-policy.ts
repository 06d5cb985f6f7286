import { LifecyclePolicy } from '../../../shared/inventory'
import type { Directory } from '../store/directory'
import { defaultLifecycleYears } from './fleet-flags'

const key = 'lifecycle_years'

/** The desk's refresh policy: what a supervisor set, else the defaults (laptops 4 years, desktops 5, servers 6). */
export function lifecyclePolicy(directory: Directory): LifecyclePolicy {
  const stored = directory.getMeta(key)
  const parsed = stored ? LifecyclePolicy.safeParse(JSON.parse(stored)) : null
  return parsed?.success ? parsed.data : defaultLifecycleYears
}

export function saveLifecyclePolicy(directory: Directory, policy: LifecyclePolicy): LifecyclePolicy {
  directory.setMeta(key, JSON.stringify(policy))
  return lifecyclePolicy(directory)
}
