/* Internals shared by the files that give units their roles
 * (classify.c: the article, title, headings, kinds; boxes.c: menus, boxes,
 * comment threads, bios). */
#ifndef ATTUNE_CONTENT_ROLES_H
#define ATTUNE_CONTENT_ROLES_H

#include "content/content_internal.h"

#define K_PARA ATTUNE_BLOCK_PARAGRAPH
#define K_ITEM ATTUNE_BLOCK_LIST_ITEM
#define K_HEAD ATTUNE_BLOCK_HEADING
#define K_BOIL ATTUNE_BLOCK_BOILERPLATE

/* Per-unit scratch flags kept in `group` during classification. */
#define S_ZONE 0x1u
#define S_ANCHOR 0x2u
#define S_SPAM 0x4u
#define S_CONTACT 0x8u /* short text with an email address or phone number */
#define S_BIO 0x10u    /* starts with the byline's name: the author's bio */

/* The cue of a unit when it is strong, else 0; any_cue: strong or weak. */
static inline int cue_of(const attune__unit *u) { return u->cue > 0 ? u->cue : 0; }
static inline int any_cue(const attune__unit *u) { return u->cue < 0 ? -u->cue : u->cue; }

/* Two units with the same text (by hash and length). */
static inline int same_text(const attune__unit *a, const attune__unit *b) {
    return a->hash && a->hash == b->hash && a->end - a->body == b->end - b->body;
}

/* A short line of a menu: no sentence, at most three words. */
static inline int menu_item(const attune__unit *v) {
    return v->pwords >= 1 && v->pwords <= 3 && v->words <= 3 &&
           !(v->flags & (ATTUNE__U_TERMINAL | ATTUNE__U_QUESTION | ATTUNE__U_BULLET | ATTUNE__U_KV |
                         ATTUNE__U_BYLINE | ATTUNE__U_DATE | ATTUNE__U_COUNTER));
}

/* Two to four capitalised words and nothing else: a person's name. */
static inline int name_line(const attune__unit *v) {
    return v->words >= 2 && v->words <= 4 && v->pwords == v->words && v->caps == v->pwords &&
           !v->cue &&
           !(v->flags & (ATTUNE__U_TERMINAL | ATTUNE__U_QUESTION | ATTUNE__U_COLON |
                         ATTUNE__U_BULLET | ATTUNE__U_KV | ATTUNE__U_ATX));
}

/* The line under a title candidate t is its subtitle: a phrase in
 * sentence case (not a title's capitals), longer than the title, with no
 * cue and no closing punctuation, directly over a byline or a date. */
static inline int subtitle(const attune__unit *u, size_t n, size_t t) {
    const attune__unit *S = &u[t + 1];
    return t + 2 < n && !cue_of(S) && u[t].words >= 3 && S->words > u[t].words && S->words >= 6 &&
           S->end - S->body <= 360 && S->caps * 3 < S->pwords &&
           !(S->flags & (ATTUNE__U_BULLET | ATTUNE__U_BYLINE | ATTUNE__U_DATE | ATTUNE__U_KV |
                         ATTUNE__U_COUNTER | ATTUNE__U_TERMINAL | ATTUNE__U_QUESTION)) &&
           (u[t + 2].flags & (ATTUNE__U_BYLINE | ATTUNE__U_DATE | ATTUNE__U_COUNTER));
}

/* Marks the boxes of the page (boxes.c): rows of items between separators,
 * boxes opened by header lines, readers' comments, author bios. ref: use the
 * reference (byte-loop) scans. */
void attune__mark_boxes(const char *s, const attune__lex *lx, attune__unit *u, size_t n, int ref);

#endif
