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

/*
 * Most rows a tree may hold in one document: a walk over a graph can reach
 * a row by many branches, each a copy.  More is 54001.
 */
#define RELNAV_TREE_MAX_NODES 100000

#endif							/* RELNAV_TREE_H */
