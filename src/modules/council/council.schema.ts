import { z } from 'zod';
import { contrastRatio } from './brand.ts';

const email = z
  .string()
  .trim()
  .min(1, 'Enter an email address')
  .max(254, 'Email address must be 254 characters or fewer')
  .email('Enter an email address in the correct format, like name@example.com');

export const setupSchema = z.object({
  code: z.string().trim().min(1, 'Enter the set-up code from the log'),
  council: z
    .string()
    .trim()
    .min(1, 'Enter the name or GSS code of your council')
    .max(100, 'Council must be 100 characters or fewer'),
  organisationName: z.string().trim().max(120, 'Organisation name must be 120 characters or fewer'),
  adminName: z
    .string()
    .trim()
    .min(1, 'Enter the administrator’s full name')
    .max(120, 'Full name must be 120 characters or fewer'),
  adminEmail: email,
});

const optionalUrl = (label: string) =>
  z
    .string()
    .trim()
    .max(500, `${label} must be 500 characters or fewer`)
    .refine(
      (v) => v === '' || /^(https:\/\/|http:\/\/localhost|\/)[^\s]*$/.test(v),
      `Enter ${label.toLowerCase()} as a web address starting https://, or a path starting /`,
    );

export const WHITE = '#ffffff';
export const MIN_CONTRAST = 4.5;

export const brandSchema = z.object({
  councilName: z
    .string()
    .trim()
    .min(1, 'Enter the council’s name')
    .max(120, 'Council name must be 120 characters or fewer'),
  serviceName: z
    .string()
    .trim()
    .min(1, 'Enter the service name')
    .max(60, 'Service name must be 60 characters or fewer'),
  brandColour: z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => v === '' || /^#[0-9a-f]{6}$/.test(v), 'Enter the brand colour as a hex code, like #1d70b8')
    .refine(
      (v) => !/^#[0-9a-f]{6}$/.test(v) || contrastRatio(WHITE, v) >= MIN_CONTRAST,
      'Brand colour must be dark enough for white text on it (a contrast ratio of at least 4.5 to 1)',
    ),
  privacyUrl: optionalUrl('Privacy notice address'),
  accessibilityUrl: optionalUrl('Accessibility statement address'),
  contactUrl: optionalUrl('Contact page address'),
  cookiesUrl: optionalUrl('Cookies page address'),
  contactEmail: z
    .string()
    .trim()
    .max(254, 'Email address must be 254 characters or fewer')
    .refine(
      (v) => v === '' || z.email().safeParse(v).success,
      'Enter an email address in the correct format, like name@example.com',
    ),
  accessibilityStatement: z.string().max(20_000, 'Accessibility statement must be 20,000 characters or fewer'),
  privacyNotice: z.string().max(20_000, 'Privacy notice must be 20,000 characters or fewer'),
});
export type BrandInput = z.infer<typeof brandSchema>;

export const logoAltSchema = z.object({
  logoAlt: z
    .string()
    .trim()
    .min(1, 'Enter the logo’s alternative text, usually the council’s name')
    .max(150, 'Alternative text must be 150 characters or fewer'),
});
