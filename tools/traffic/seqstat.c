// SPDX-License-Identifier: GPL-2.0
/*
 * Loss, duplication and reordering of one stream of sequence numbers.
 *
 * A ring of SEQSTAT_WINDOW bits remembers which of the numbers
 * (max - SEQSTAT_WINDOW, max] have arrived, so memory stays bounded
 * however long the run.  The sender counts from 0, so every number from
 * 0 to the highest seen that never arrived is lost; datagrams after the
 * last one received cannot be told from the end of the stream (compare
 * with the sender's count for those).
 */
#include <stdlib.h>
#include <string.h>

#include "traffic.h"

#define WINDOW_BYTES	(SEQSTAT_WINDOW / 8)

int seqstat_init(struct seqstat *s)
{
	memset(s, 0, sizeof(*s));
	s->seen = calloc(1, WINDOW_BYTES);
	return s->seen ? 0 : -1;
}

void seqstat_free(struct seqstat *s)
{
	free(s->seen);
	s->seen = NULL;
}

static int seen_test(const struct seqstat *s, uint64_t seq)
{
	uint64_t bit = seq % SEQSTAT_WINDOW;

	return s->seen[bit / 8] & (1u << (bit % 8));
}

static void seen_set(struct seqstat *s, uint64_t seq)
{
	uint64_t bit = seq % SEQSTAT_WINDOW;

	s->seen[bit / 8] |= 1u << (bit % 8);
}

static void seen_clear(struct seqstat *s, uint64_t seq)
{
	uint64_t bit = seq % SEQSTAT_WINDOW;

	s->seen[bit / 8] &= ~(1u << (bit % 8));
}

/* Move the window up to end at @seq: the bits of the numbers that
 * enter it still describe the numbers SEQSTAT_WINDOW below; clear them.
 */
static void window_advance(struct seqstat *s, uint64_t seq)
{
	uint64_t n;

	if (seq - s->max >= SEQSTAT_WINDOW) {
		memset(s->seen, 0, WINDOW_BYTES);
	} else {
		for (n = s->max + 1; n != seq + 1; n++)
			seen_clear(s, n);
	}
	s->max = seq;
}

void seqstat_add(struct seqstat *s, uint64_t seq)
{
	int first = !s->received;

	s->received++;
	if (first || seq > s->max) {
		if (!first)
			window_advance(s, seq);
		s->max = seq;
		seen_set(s, seq);
		s->unique++;
		return;
	}
	if (s->max - seq >= SEQSTAT_WINDOW) {
		/* Too old to tell: almost surely late rather than twice. */
		s->unique++;
		s->reordered++;
		return;
	}
	if (seen_test(s, seq)) {
		s->duplicated++;
		return;
	}
	seen_set(s, seq);
	s->unique++;
	s->reordered++;
}

/* Numbers from 0 to the highest seen that never arrived. */
uint64_t seqstat_lost(const struct seqstat *s)
{
	if (!s->received || s->unique > s->max)
		return 0;
	return s->max + 1 - s->unique;
}
