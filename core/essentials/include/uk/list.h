/* Intrusive circular doubly-linked lists. */
#ifndef UK_LIST_H
#define UK_LIST_H

#include <stdbool.h>
#include <uk/essentials.h>

struct uk_list_head {
	struct uk_list_head *next, *prev;
};

#define UK_LIST_HEAD_INIT(name) { &(name), &(name) }

static inline void uk_list_init(struct uk_list_head *h)
{
	h->next = h;
	h->prev = h;
}

static inline bool uk_list_empty(const struct uk_list_head *h)
{
	return h->next == h;
}

static inline void __uk_list_insert(struct uk_list_head *n,
				    struct uk_list_head *prev,
				    struct uk_list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}

/* Inserts n right after h (at the front when h is the list head). */
static inline void uk_list_add(struct uk_list_head *n, struct uk_list_head *h)
{
	__uk_list_insert(n, h, h->next);
}

/* Inserts n right before h (at the back when h is the list head). */
static inline void uk_list_add_tail(struct uk_list_head *n,
				    struct uk_list_head *h)
{
	__uk_list_insert(n, h->prev, h);
}

/* Unlinks n and leaves it pointing at itself (so del twice is harmless). */
static inline void uk_list_del(struct uk_list_head *n)
{
	n->next->prev = n->prev;
	n->prev->next = n->next;
	uk_list_init(n);
}

#define uk_list_entry(ptr, type, member) uk_container_of(ptr, type, member)

#define uk_list_first_entry(h, type, member)                                   \
	uk_list_entry((h)->next, type, member)

#define uk_list_for_each_entry(pos, h, member)                                 \
	for (pos = uk_list_entry((h)->next, __typeof__(*pos), member);         \
	     &pos->member != (h);                                              \
	     pos = uk_list_entry(pos->member.next, __typeof__(*pos), member))

#define uk_list_for_each_entry_safe(pos, n, h, member)                         \
	for (pos = uk_list_entry((h)->next, __typeof__(*pos), member),         \
	    n = uk_list_entry(pos->member.next, __typeof__(*pos), member);     \
	     &pos->member != (h); pos = n,                                     \
	    n = uk_list_entry(n->member.next, __typeof__(*n), member))

#endif /* UK_LIST_H */
