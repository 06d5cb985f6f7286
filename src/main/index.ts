import { app } from 'electron'
import { startShell } from './shell'

app.enableSandbox()
void startShell(import.meta.dirname)
