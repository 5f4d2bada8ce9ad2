/**
 * The pages' script: GOV.UK Frontend's behaviour for the components the kit uses, and
 * nothing else. Every page works without it (forms post, links link); it adds focus on the
 * error summary, the character count, the menu toggle at narrow widths and no double posts.
 */
import {
  Button,
  CharacterCount,
  Checkboxes,
  createAll,
  ErrorSummary,
  NotificationBanner,
  Radios,
  ServiceNavigation,
  SkipLink,
} from 'govuk-frontend'

for (const component of [
  Button,
  CharacterCount,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  Radios,
  ServiceNavigation,
  SkipLink,
]) {
  createAll(component)
}
