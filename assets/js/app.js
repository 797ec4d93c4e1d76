// Progressive enhancement only: every page works without this file. Each GOV.UK Frontend
// component is started only where the page has one (data-module); the build (esbuild) bundles
// just the components listed here. The product's own enhancements live beside this file as
// modules imported below (each finds its own data-module elements).
import {
  Button,
  CharacterCount,
  Checkboxes,
  ErrorSummary,
  FileUpload,
  NotificationBanner,
  PasswordInput,
  Radios,
  ServiceNavigation,
  SkipLink,
  createAll,
} from 'govuk-frontend';
import './modules/pb-total.js';
import './modules/insight-progress.js';

const components = [
  Button,
  CharacterCount,
  Checkboxes,
  ErrorSummary,
  FileUpload,
  NotificationBanner,
  PasswordInput,
  Radios,
  ServiceNavigation,
  SkipLink,
];

for (const Component of components) {
  if (document.querySelector(`[data-module="${Component.moduleName}"]`)) createAll(Component);
}
