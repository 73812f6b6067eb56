/*
 * attune.h - the whole public API of attune. Include this one header.
 *
 * Modules, left to right as data flows (see DESIGN.md):
 *   text (UTF-8) -> content (document tree) -> model / themes -> render
 */
#ifndef ATTUNE_H
#define ATTUNE_H

#include "common.h"
/* module headers (kept in data-flow order) */
#include "text.h"
#include "content.h"
#include "model.h"
#include "train.h"
#include "themes.h"
#include "render.h"

#endif /* ATTUNE_H */
