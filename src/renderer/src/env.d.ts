import type { FrontlineApi } from '../../shared/contract'

declare global {
  interface Window {
    frontline: FrontlineApi
  }
}
