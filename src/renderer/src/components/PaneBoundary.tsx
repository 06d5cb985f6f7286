import { Component, type ErrorInfo, type ReactNode } from 'react'

interface State {
  error: Error | null
}

/** A render fault stays inside its pane: the rest of the console keeps working, and the pane can retry. */
export class PaneBoundary extends Component<{ name: string; children: ReactNode }, State> {
  override state: State = { error: null }

  static getDerivedStateFromError(error: Error): State {
    return { error }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`${this.props.name} pane failed`, error, info.componentStack)
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children
    return (
      <section className="pane-failed" role="alert" aria-label={`${this.props.name} (failed)`}>
        <h2>The {this.props.name.toLowerCase()} pane hit a problem</h2>
        <p>Your work in the other panes is safe. {this.state.error.message}</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </section>
    )
  }
}
