import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App'
import { startRouter } from './app/routerStore'
import { startStatusFeed } from './app/statusStore'
import './styles.css'

startStatusFeed()
startRouter()
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>
)
