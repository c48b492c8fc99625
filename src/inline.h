/*
 * inline.h
 *		Expanding relnav calls into the caller's statement (inline.c).
 */
#ifndef RELNAV_INLINE_H
#define RELNAV_INLINE_H

/* relnav.inline: expand calls (default on). */
extern bool relnav_inline;

/* Define relnav.inline and install the planner hook; once per backend. */
extern void relnav_inline_init(void);

/* Forget which functions are relnav's (inval.c; callback-safe). */
extern void relnav_inline_forget_functions(void);

#endif							/* RELNAV_INLINE_H */
