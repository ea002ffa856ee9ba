// The user's theme: light, dark, or whatever the operating system says (the default).
import { z } from 'zod';

export const themes = ['system', 'light', 'dark'] as const;
export type Theme = (typeof themes)[number];

export const themeInput = z.object({ theme: z.enum(themes, { message: 'Choose light, dark or system' }) });
export type ThemeInput = z.infer<typeof themeInput>;
