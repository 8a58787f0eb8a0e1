export { APP_VERSION, createServices, type ServiceOptions, type Services } from './services'
