/*
 * inval.h
 *		The one place where PostgreSQL's invalidations reach relnav.
 */
#ifndef RELNAV_INVAL_H
#define RELNAV_INVAL_H

/* Register the relcache and syscache callbacks; once per backend. */
extern void relnav_inval_init(void);

#endif							/* RELNAV_INVAL_H */
