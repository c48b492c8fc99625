/*
 * tree.h
 *		Nesting the rows of a recursive embed into one document (tree.c).
 */
#ifndef RELNAV_TREE_H
#define RELNAV_TREE_H

/*
 * Deepest tree a document may nest: each level is a nested jsonb value
 * built by a recursion in C.  Deeper is 54001.
 */
#define RELNAV_TREE_MAX_DEPTH 1000

#endif							/* RELNAV_TREE_H */
