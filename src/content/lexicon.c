/* The lexicon of language cues the classifier uses: English function words
 * (for stopword density, as jusText measures it), lorem-ipsum filler words,
 * promotional vocabulary, counter nouns, profile field names and the phrases
 * that mark site chrome, bylines, forms, related links, tables of contents,
 * author and social boxes. The lookup table is built once (pthread_once) and
 * is immutable afterwards, so parses share it from any thread. */
#include "content/content_internal.h"

#include <pthread.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static const char *const STOPWORDS[] = {
    "a",        "about",  "after",  "all",     "also",    "an",    "and",        "any",
    "are",      "as",     "at",     "be",      "because", "been",  "before",     "being",
    "between",  "both",   "but",    "by",      "can",     "could", "did",        "do",
    "does",     "doing",  "during", "each",    "even",    "every", "for",        "from",
    "had",      "has",    "have",   "having",  "he",      "her",   "here",       "him",
    "his",      "how",    "i",      "if",      "in",      "into",  "is",         "it",
    "it's",     "its",    "just",   "may",     "me",      "might", "more",       "most",
    "much",     "must",   "my",     "no",      "nor",     "not",   "of",         "often",
    "on",       "once",   "one",    "only",    "or",      "other", "our",        "out",
    "over",     "own",    "same",   "she",     "should",  "so",    "some",       "such",
    "than",     "that",   "that's", "the",     "their",   "them",  "themselves", "then",
    "there",    "these",  "they",   "they're", "this",    "those", "through",    "to",
    "too",      "under",  "until",  "up",      "very",    "was",   "we",         "were",
    "what",     "when",   "where",  "whether", "which",   "while", "who",        "whom",
    "why",      "will",   "with",   "without", "would",   "you",   "your",       "you're",
    "yourself", "within", "upon",   "however", "whose",   "let's", "we're",      "don't",
    "isn't",    "can't",  "won't",  "there's",
};

/* Filler words of lorem ipsum and of its generators (not English words). */
static const char *const LATIN[] = {
    "lorem",
    "ipsum",
    "dolor",
    "sit",
    "amet",
    "consectetur",
    "adipiscing",
    "elit",
    "sed",
    "eiusmod",
    "tempor",
    "incididunt",
    "labore",
    "dolore",
    "magna",
    "aliqua",
    "enim",
    "minim",
    "veniam",
    "quis",
    "nostrud",
    "exercitation",
    "ullamco",
    "laboris",
    "nisi",
    "aliquip",
    "ex",
    "ea",
    "commodo",
    "consequat",
    "duis",
    "aute",
    "irure",
    "reprehenderit",
    "voluptate",
    "velit",
    "esse",
    "cillum",
    "fugiat",
    "nulla",
    "pariatur",
    "excepteur",
    "sint",
    "occaecat",
    "cupidatat",
    "proident",
    "sunt",
    "culpa",
    "qui",
    "officia",
    "deserunt",
    "mollit",
    "anim",
    "id",
    "est",
    "laborum",
    "et",
    "ut",
    "vel",
    "voluptas",
    "voluptates",
    "voluptatem",
    "soluta",
    "provident",
    "tempore",
    "aspernatur",
    "distinctio",
    "exercitationem",
    "dolorum",
    "non",
    "quia",
    "placeat",
    "magnam",
    "quidem",
    "molestias",
    "occaecati",
    "quae",
    "tempora",
    "quasi",
    "eveniet",
    "omnis",
    "corrupti",
    "expedita",
    "aut",
    "quas",
    "eum",
    "iure",
    "rerum",
    "nihil",
    "eos",
    "nemo",
    "odit",
    "fugit",
    "sequi",
    "neque",
    "porro",
    "quisquam",
    "dolorem",
    "adipisci",
    "numquam",
    "eius",
    "modi",
    "quaerat",
    "autem",
    "vero",
    "accusamus",
    "iusto",
    "odio",
    "dignissimos",
    "ducimus",
    "blanditiis",
    "praesentium",
    "deleniti",
    "atque",
    "molestiae",
    "repellendus",
    "itaque",
    "earum",
    "recusandae",
    "harum",
    "facilis",
    "libero",
    "cum",
    "nobis",
    "eligendi",
    "optio",
    "cumque",
    "impedit",
    "minus",
    "possimus",
    "assumenda",
    "repellat",
    "temporibus",
    "quibusdam",
    "officiis",
    "debitis",
    "necessitatibus",
    "saepe",
    "repudiandae",
    "sint",
    "molestiae",
    "tenetur",
    "sapiente",
    "delectus",
    "reiciendis",
    "maiores",
    "alias",
    "perferendis",
    "doloribus",
    "asperiores",
    "ab",
    "illo",
    "inventore",
    "veritatis",
    "quasi",
    "architecto",
    "beatae",
    "vitae",
    "dicta",
    "explicabo",
    "ipsam",
    "aliquam",
    "dolores",
    "ratione",
    "sequi",
};

/* Promotional and link-bait vocabulary, with weights (3 strong, 1 weak). */
typedef struct weighted {
    const char *w;
    uint8_t weight;
} weighted;
static const weighted PROMO[] = {
    {"click", 3},       {"external", 3},      {"visit", 2},        {"visiting", 2},
    {"website", 2},     {"site", 2},          {"resource", 1},     {"source", 1},
    {"subscribe", 3},   {"newsletter", 3},    {"inbox", 3},        {"discount", 3},
    {"coupon", 3},      {"offer", 1},         {"free", 1},         {"suggest", 2},
    {"recommend", 1},   {"picked", 3},        {"selected", 3},     {"handpicked", 3},
    {"curated", 1},     {"enjoy", 1},         {"check", 1},        {"explore", 1},
    {"discover", 1},    {"dive", 1},          {"topic", 1},        {"subject", 1},
    {"information", 1}, {"link", 2},          {"links", 2},        {"page", 1},
    {"article", 1},     {"articles", 1},      {"post", 1},         {"posts", 1},
    {"related", 1},     {"additional", 1},    {"extra", 1},        {"valuable", 1},
    {"reliable", 1},    {"interesting", 1},   {"perspectives", 1}, {"deepen", 1},
    {"knowledge", 1},   {"comprehension", 1}, {"enriching", 1},    {"sign", 1},
    {"buy", 3},         {"order", 1},         {"shop", 2},         {"sale", 2},
    {"promo", 3},       {"deal", 2},          {"download", 2},     {"register", 2},
    {"today", 1},       {"now", 1},           {"quiz", 3},         {"matched", 2},
    {"available", 1},
};

/* The words without which a line is neither a consent notice nor a medical
 * disclaimer (see consent_notice and disclaimer in lines.c). */
static const char *const NOTICE[] = {"cookie",     "cookies",   "informational",
                                     "substitute", "receiving", "replacement"};

/* Nouns of view / comment / like counters. */
static const char *const COUNTERS[] = {
    "views",  "view",    "comments",  "comment", "likes",   "like",      "shares",    "share",
    "reads",  "read",    "reactions", "votes",   "replies", "reply",     "responses", "claps",
    "hearts", "answers", "answer",    "helpful", "upvotes", "followers",
};

static const char *const MONTHS[] = {
    "january",   "february", "march",    "april",    "may",  "june", "july", "august",
    "september", "october",  "november", "december", "jan",  "feb",  "mar",  "apr",
    "jun",       "jul",      "aug",      "sep",      "sept", "oct",  "nov",  "dec",
};

/* Field names of author and social profile boxes, with the personal-data
 * type their value is (0: personal but not one of the typed kinds). */
typedef struct keyed {
    const char *w;
    uint8_t pii;
} keyed;
static const keyed KEYS[] = {
    {"name", 0},
    {"username", ATTUNE_PII_URL},
    {"user", 0},
    {"email", ATTUNE_PII_EMAIL},
    {"mail", ATTUNE_PII_EMAIL},
    {"phone", ATTUNE_PII_PHONE},
    {"tel", ATTUNE_PII_PHONE},
    {"telephone", ATTUNE_PII_PHONE},
    {"mobile", ATTUNE_PII_PHONE},
    {"address", ATTUNE_PII_ADDRESS},
    {"location", ATTUNE_PII_ADDRESS},
    {"birthdate", ATTUNE_PII_BIRTHDATE},
    {"birthday", ATTUNE_PII_BIRTHDATE},
    {"born", ATTUNE_PII_BIRTHDATE},
    {"dob", ATTUNE_PII_BIRTHDATE},
    {"company", 0},
    {"job", 0},
    {"bio", 0},
    {"url", ATTUNE_PII_URL},
    {"website", ATTUNE_PII_URL},
    {"handle", ATTUNE_PII_URL},
    {"followers", 0},
    {"following", 0},
    {"title", 0},
    {"age", 0},
    {"gender", 0},
    {"city", ATTUNE_PII_ADDRESS},
    {"occupation", 0},
};

static const char *const SELF[] = {
    "we", "we're", "we've", "we'll",  "our",    "ours",
    "us", "you",   "your",  "you'll", "you're", "you've",
};

/* Boilerplate cue phrases (up to 4 words). `header` phrases open a block of
 * their kind; other phrases only mark the line itself. */
typedef struct cue {
    const char *w[4];
    uint8_t kind;
    uint8_t header;
} cue;
#define C_CHROME ATTUNE_BOILER_CHROME
#define C_BYLINE ATTUNE_BOILER_BYLINE
#define C_CTA ATTUNE_BOILER_CTA
#define C_REL ATTUNE_BOILER_RELATED
#define C_TOC ATTUNE_BOILER_TOC
#define C_AUTHOR ATTUNE_BOILER_AUTHOR
#define C_SOCIAL ATTUNE_BOILER_SOCIAL
static const cue CUES[] = {
    {{"skip", "to"}, C_CHROME, 0},
    {{"top", "of", "page"}, C_CHROME, 0},
    {{"bottom", "of", "page"}, C_CHROME, 0},
    {{"back", "to", "top"}, C_CHROME, 0},
    {{"search"}, C_CHROME, 0},
    {{"menu"}, C_CHROME, 0},
    {{"navigation"}, C_CHROME, 0},
    {{"home"}, C_CHROME, 0},
    {{"log", "in"}, C_CHROME, 0},
    {{"login"}, C_CHROME, 0},
    {{"sign", "in"}, C_CHROME, 0},
    {{"comments"}, C_CHROME, 1},
    {{"leave", "a", "comment"}, C_CHROME, 1},
    {{"leave", "a", "reply"}, C_CHROME, 1},
    {{"post", "comment"}, C_CHROME, 0},
    {{"cookie"}, C_CHROME, 0},
    {{"cookies"}, C_CHROME, 0},
    {{"all", "rights", "reserved"}, C_CHROME, 0},
    {{"copyright"}, C_CHROME, 0},
    {{"privacy", "policy"}, C_CHROME, 0},
    {{"terms", "of", "use"}, C_CHROME, 0},
    {{"terms", "of", "service"}, C_CHROME, 0},
    {{"powered", "by"}, C_CHROME, 0},
    {{"previous", "post"}, C_CHROME, 0},
    {{"next", "post"}, C_CHROME, 0},
    {{"breadcrumb"}, C_CHROME, 0},
    {{"you", "are", "here"}, C_CHROME, 0},
    {{"close"}, C_CHROME, 0},
    {{"main", "content"}, C_CHROME, 0},
    {{"categories"}, C_CHROME, 0},
    {{"tags"}, C_CHROME, 0},
    {{"sitemap"}, C_CHROME, 0},
    {{"contact", "us"}, C_CHROME, 0},
    {{"writer's", "picture"}, C_BYLINE, 0},
    {{"written", "by"}, C_BYLINE, 0},
    {{"posted", "on"}, C_BYLINE, 0},
    {{"posted", "by"}, C_BYLINE, 0},
    {{"posted", "in"}, C_BYLINE, 0},
    {{"published", "on"}, C_BYLINE, 0},
    {{"published", "by"}, C_BYLINE, 0},
    {{"updated", "on"}, C_BYLINE, 0},
    {{"last", "updated"}, C_BYLINE, 0},
    {{"reviewed", "by"}, C_BYLINE, 0},
    {{"asked", "by"}, C_BYLINE, 0},
    {{"answered", "by"}, C_BYLINE, 0},
    {{"published", "in"}, C_BYLINE, 0},
    {{"min", "read"}, C_BYLINE, 0},
    {{"minute", "read"}, C_BYLINE, 0},
    {{"minutes", "read"}, C_BYLINE, 0},
    {{"author", "name"}, C_BYLINE, 0},
    {{"subscribe"}, C_CTA, 1},
    {{"newsletter"}, C_CTA, 1},
    {{"our", "newsletter"}, C_CTA, 1},
    {{"weekly", "newsletter"}, C_CTA, 1},
    {{"sign", "up"}, C_CTA, 0},
    {{"signup"}, C_CTA, 0},
    {{"enter", "your", "email"}, C_CTA, 0},
    {{"email", "address"}, C_CTA, 0},
    {{"unsubscribe"}, C_CTA, 0},
    {{"get", "the", "latest"}, C_CTA, 0},
    {{"join", "our"}, C_CTA, 0},
    {{"stay", "updated"}, C_CTA, 0},
    {{"stay", "in", "touch"}, C_CTA, 0},
    {{"don't", "miss"}, C_CTA, 0},
    {{"book", "a"}, C_CTA, 0},
    {{"schedule", "a"}, C_CTA, 0},
    {{"get", "started"}, C_CTA, 0},
    {{"free", "consultation"}, C_CTA, 0},
    {{"download"}, C_CTA, 0},
    {{"get", "matched", "with"}, C_CTA, 0},
    {{"take", "our", "quiz"}, C_CTA, 0},
    {{"submit"}, C_CTA, 0},
    {{"your", "inbox"}, C_CTA, 0},
    {{"related", "posts"}, C_REL, 1},
    {{"related", "articles"}, C_REL, 1},
    {{"related", "reading"}, C_REL, 1},
    {{"related"}, C_REL, 1},
    {{"you", "may", "also", "like"}, C_REL, 1},
    {{"you", "might", "also", "like"}, C_REL, 1},
    {{"you", "may", "also", "enjoy"}, C_REL, 1},
    {{"recommended"}, C_REL, 1},
    {{"read", "more"}, C_REL, 0},
    {{"read", "next"}, C_REL, 1},
    {{"more", "from"}, C_REL, 1},
    {{"more", "articles"}, C_REL, 1},
    {{"more", "posts"}, C_REL, 1},
    {{"more", "episodes"}, C_REL, 1},
    {{"you", "may", "like"}, C_REL, 1},
    {{"you", "might", "like"}, C_REL, 1},
    {{"popular", "posts"}, C_REL, 1},
    {{"recent", "posts"}, C_REL, 1},
    {{"latest", "posts"}, C_REL, 1},
    {{"see", "also"}, C_REL, 1},
    {{"further", "reading"}, C_REL, 1},
    {{"check", "out"}, C_REL, 0},
    {{"other", "posts"}, C_REL, 1},
    {{"trending"}, C_REL, 1},
    {{"table", "of", "contents"}, C_TOC, 1},
    {{"contents"}, C_TOC, 1},
    {{"in", "this", "article"}, C_TOC, 1},
    {{"on", "this", "page"}, C_TOC, 1},
    {{"jump", "to"}, C_TOC, 1},
    {{"quick", "links"}, C_TOC, 1},
    {{"about", "the", "author"}, C_AUTHOR, 1},
    {{"author"}, C_AUTHOR, 1},
    {{"author", "bio"}, C_AUTHOR, 1},
    {{"meet", "the", "author"}, C_AUTHOR, 1},
    {{"about", "me"}, C_AUTHOR, 1},
    {{"about", "us"}, C_AUTHOR, 1},
    {{"socials"}, C_SOCIAL, 1},
    {{"social", "media"}, C_SOCIAL, 1},
    {{"follow", "us"}, C_SOCIAL, 1},
    {{"follow", "me"}, C_SOCIAL, 1},
    {{"share", "this"}, C_SOCIAL, 1},
    {{"share", "on"}, C_SOCIAL, 0},
    {{"share"}, C_SOCIAL, 0},
    {{"facebook"}, C_SOCIAL, 0},
    {{"twitter"}, C_SOCIAL, 0},
    {{"instagram"}, C_SOCIAL, 0},
    {{"linkedin"}, C_SOCIAL, 0},
    {{"pinterest"}, C_SOCIAL, 0},
    {{"youtube"}, C_SOCIAL, 0},
    {{"tiktok"}, C_SOCIAL, 0},
    {{"whatsapp"}, C_SOCIAL, 0},
    {{"reddit"}, C_SOCIAL, 0},
    {{"mastodon"}, C_SOCIAL, 0},
    {{"pin", "it"}, C_SOCIAL, 0},
    {{"follow"}, C_SOCIAL, 0},
    {{"threads"}, C_SOCIAL, 0},
    {{"filed", "under"}, C_CHROME, 0},
    {{"was", "this", "helpful"}, C_CHROME, 0},
    {{"was", "this", "article", "helpful"}, C_CHROME, 0},
    {{"was", "this", "page", "helpful"}, C_CHROME, 0},
    {{"advertisement"}, C_CHROME, 0},
    {{"sponsored"}, C_CHROME, 0},
    {{"sponsored", "by"}, C_CHROME, 1},
    {{"print"}, C_CHROME, 0},
    {{"bookmark"}, C_CHROME, 0},
    {{"save"}, C_CHROME, 0},
    {{"reply"}, C_CHROME, 0},
    {{"listen", "to", "this"}, C_CHROME, 0},
    {{"view", "this", "email"}, C_CHROME, 0},
    {{"forward", "this", "email"}, C_CTA, 1},
};

/* Words are looked up by their lowercase bytes (U+2019 read as '\''),
 * at most 16, packed little-endian into two 64-bit keys and zero-padded:
 * one comparison of two words instead of a loop over their bytes. */
#define KEY_MAX 16

static uint64_t load_le(const unsigned char *p, size_t n) {
    uint64_t k = 0;
    for (size_t i = 0; i < n; i++)
        k |= (uint64_t)p[i] << (8 * i);
    return k;
}

static ATTUNE__FORCE_INLINE size_t slot_of(const uint64_t key[2], size_t n) {
    uint64_t h = (key[0] ^ (key[1] * 0x9E3779B97F4A7C15ull) ^ n) * 0xFF51AFD7ED558CCDull;
    return (size_t)(h >> 40) & (ATTUNE__LEX_SLOTS - 1);
}

static ATTUNE__FORCE_INLINE const attune__lex_slot *probe(const attune__lex *lx,
                                                          const uint64_t key[2], size_t n) {
    size_t h = slot_of(key, n);
    while (lx->slots[h].word) {
        const attune__lex_slot *sl = &lx->slots[h];
        if (sl->key[0] == key[0] && sl->key[1] == key[1] && sl->len == n)
            return sl;
        h = (h + 1) & (ATTUNE__LEX_SLOTS - 1);
    }
    return NULL;
}

static attune__lex_slot *slot_for(attune__lex *lx, const char *w) {
    /* the words of the lists are lowercase ASCII of at most KEY_MAX bytes */
    size_t n = strlen(w);
    uint64_t key[2] = {load_le((const unsigned char *)w, n < 8 ? n : 8),
                       n > 8 ? load_le((const unsigned char *)w + 8, n - 8) : 0};
    size_t h = slot_of(key, n);
    while (lx->slots[h].word && !(lx->slots[h].len == n && lx->slots[h].key[0] == key[0] &&
                                  lx->slots[h].key[1] == key[1]))
        h = (h + 1) & (ATTUNE__LEX_SLOTS - 1);
    if (!lx->slots[h].word) {
        lx->slots[h].word = w;
        lx->slots[h].len = (uint8_t)n;
        lx->slots[h].key[0] = key[0];
        lx->slots[h].key[1] = key[1];
    }
    return &lx->slots[h];
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void lex_init(attune__lex *lx) {
    memset(lx, 0, sizeof *lx);
    for (uint32_t f = 0; f < ATTUNE__LANE_FLAGS; f++)
        lx->lanes[f] = ((uint64_t)((f & ATTUNE__W_STOP) != 0) << (8 * ATTUNE__LANE_STOP)) |
                       ((uint64_t)((f & ATTUNE__W_LATIN) != 0) << (8 * ATTUNE__LANE_LATIN)) |
                       ((uint64_t)((f & ATTUNE__TOK_CAP) != 0) << (8 * ATTUNE__LANE_CAP)) |
                       ((uint64_t)((f & ATTUNE__W_KEY) != 0) << (8 * ATTUNE__LANE_KEY)) |
                       ((uint64_t)((f & ATTUNE__W_MONTH) != 0) << (8 * ATTUNE__LANE_MONTH)) |
                       ((uint64_t)((f & ATTUNE__TOK_DIGITS) != 0) << (8 * ATTUNE__LANE_DIGITS));
    for (size_t i = 0; i < COUNT(STOPWORDS); i++)
        slot_for(lx, STOPWORDS[i])->flags |= ATTUNE__W_STOP;
    for (size_t i = 0; i < COUNT(LATIN); i++)
        slot_for(lx, LATIN[i])->flags |= ATTUNE__W_LATIN;
    for (size_t i = 0; i < COUNT(PROMO); i++) {
        attune__lex_slot *s = slot_for(lx, PROMO[i].w);
        s->flags |= ATTUNE__W_PROMO;
        s->promo = PROMO[i].weight;
        if (PROMO[i].weight >= 3)
            s->flags |= ATTUNE__W_MARKER;
        size_t n = s->len;
        if (PROMO[i].weight >= 3 && n < 32)
            lx->marker_len[PROMO[i].w[0] - 'a'] |= 1u << n;
        if (PROMO[i].weight >= 3 && (!lx->marker_min || n < lx->marker_min))
            lx->marker_min = (uint8_t)n;
    }
    for (size_t i = 0; i < COUNT(COUNTERS); i++)
        slot_for(lx, COUNTERS[i])->flags |= ATTUNE__W_COUNTER;
    for (size_t i = 0; i < COUNT(MONTHS); i++)
        slot_for(lx, MONTHS[i])->flags |= ATTUNE__W_MONTH;
    for (size_t i = 0; i < COUNT(KEYS); i++) {
        attune__lex_slot *s = slot_for(lx, KEYS[i].w);
        s->flags |= ATTUNE__W_KEY;
        s->key_pii = KEYS[i].pii;
    }
    for (size_t i = 0; i < COUNT(SELF); i++)
        slot_for(lx, SELF[i])->flags |= ATTUNE__W_SELF;
    for (size_t i = 0; i < COUNT(NOTICE); i++)
        slot_for(lx, NOTICE[i])->flags |= ATTUNE__W_NOTICE;
    for (size_t i = 0; i < COUNT(CUES); i++) {
        attune__lex_slot *first = slot_for(lx, CUES[i].w[0]);
        first->flags |= ATTUNE__W_PHRASE;
        /* appended to the list of the phrases that start with `first` */
        uint8_t *link = &first->cue_head;
        while (*link)
            link = &lx->cue_next[*link - 1];
        *link = (uint8_t)(i + 1);
        for (size_t m = 0; m < 4 && CUES[i].w[m]; m++)
            lx->cue_len[i][m] = (uint8_t)strlen(CUES[i].w[m]);
    }
}

_Static_assert(COUNT(CUES) <= ATTUNE__LEX_CUES, "ATTUNE__LEX_CUES is too small");
_Static_assert(ATTUNE__LEX_CUES < 256, "cue phrase links are 8-bit");

/* The table is immutable once built: built on first use (pthread_once, so
 * concurrent first parses see it complete), then shared by every parse. */
static attune__lex g_lex;
static pthread_once_t g_lex_once = PTHREAD_ONCE_INIT;

static void lex_build(void) { lex_init(&g_lex); }

const attune__lex *attune__lex_get(void) {
    pthread_once(&g_lex_once, lex_build);
    return &g_lex;
}

static int word_eq(const char *s, size_t n, const char *w, size_t wn) {
    /* s may spell the apostrophe as U+2019 (3 bytes) where w has '\''. */
    size_t i = 0, j = 0;
    while (i < n && j < wn) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            (unsigned char)s[i + 2] == 0x99) {
            if (w[j] != '\'')
                return 0;
            i += 3;
            j++;
            continue;
        }
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (c != (unsigned char)w[j])
            return 0;
        i++;
        j++;
    }
    return i == n && j == wn;
}

const attune__lex_slot *attune__lex_find(const attune__lex *lx, const char *s, size_t n) {
    /* the lowercased word (U+2019 read as an apostrophe) without a copy */
    if (n > 3 * KEY_MAX)
        return NULL;
    unsigned char b[KEY_MAX] = {0}; /* zeroed for gcc -O1 -Wmaybe-uninitialized */
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xE2) {
            if (i + 2 >= n || (unsigned char)s[i + 1] != 0x80 || (unsigned char)s[i + 2] != 0x99)
                return NULL; /* no word of the lexicon has other non-ASCII bytes */
            c = '\'';
            i += 2;
        } else if (c >= 'A' && c <= 'Z') {
            c = (unsigned char)(c + 32);
        }
        if (m == KEY_MAX)
            return NULL;
        b[m++] = c;
    }
    uint64_t key[2] = {load_le(b, m < 8 ? m : 8), m > 8 ? load_le(b + 8, m - 8) : 0};
    return probe(lx, key, m);
}

/* The same for a word of ASCII letters and apostrophes only (OR 0x20
 * lowercases all of them). `room` bytes are readable at s (room >= n):
 * with 16 of them the key is two loads and masks. */
static inline const attune__lex_slot *find_plain(const attune__lex *lx, const char *s, size_t n,
                                                 size_t room) {
    if (n > KEY_MAX)
        return NULL;
    uint64_t key[2];
    if (room >= 16) {
        uint64_t k0, k1;
        memcpy(&k0, s, 8);
        memcpy(&k1, s + 8, 8);
        k0 |= 0x2020202020202020ull;
        k1 |= 0x2020202020202020ull;
        if (n < 8) {
            key[0] = k0 & ((1ull << (8 * n)) - 1);
            key[1] = 0;
        } else {
            key[0] = k0;
            key[1] = n == 16 ? k1 : k1 & ((1ull << (8 * (n - 8))) - 1);
        }
    } else {
        const unsigned char *p = (const unsigned char *)s;
        key[0] = load_le(p, n < 8 ? n : 8) | (0x2020202020202020ull >> (8 * (8 - (n < 8 ? n : 8))));
        key[1] = n > 8 ? load_le(p + 8, n - 8) | (0x2020202020202020ull >> (8 * (16 - n))) : 0;
    }
    return probe(lx, key, n);
}

const attune__lex_slot *attune__lex_find_plain(const attune__lex *lx, const char *s, size_t n,
                                               size_t room) {
    return find_plain(lx, s, n, room);
}

static int is_alpha(unsigned char c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }

/* Length of the run of ASCII letters at s[0..n), 16 bytes at a time. */
static size_t alpha_run(const char *s, size_t n) {
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i x20 = _mm_set1_epi8(0x20), shift = _mm_set1_epi8((char)(0x80 - 'a')),
                  lim = _mm_set1_epi8((char)(-128 + 26));
    while (i + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, x20), shift), lim));
        if (m != 0xFFFFu)
            return i + (size_t)__builtin_ctz(~m);
        i += 16;
    }
#endif
    while (i < n && is_alpha((unsigned char)s[i]))
        i++;
    return i;
}

/* Letters (*A), digits (*D), apostrophes and 0xE2 bytes (*Q) among the
 * bytes s[i..min(n, i + 64)) (bit k: byte i + k); `room` >= n bytes are
 * readable at s. */
static ATTUNE__FORCE_INLINE void tok_masks(const char *s, size_t i, size_t n, size_t room,
                                           uint64_t *A, uint64_t *D, uint64_t *Q) {
    size_t left = n - i;
    const unsigned char *p = (const unsigned char *)s + i;
    unsigned char tmp[64];
    if (room - i < 64) {
        memset(tmp, 0, sizeof tmp);
        memcpy(tmp, p, left < 64 ? left : 64);
        p = tmp;
    }
    uint64_t a = 0, d = 0, q = 0;
#if defined(__SSE2__)
    const __m128i x20 = _mm_set1_epi8(0x20), shift = _mm_set1_epi8((char)(0x80 - 'a')),
                  lim = _mm_set1_epi8((char)(-128 + 26)), d0 = _mm_set1_epi8((char)(0x80 - '0')),
                  d10 = _mm_set1_epi8((char)(-128 + 10)), ap = _mm_set1_epi8('\''),
                  e2 = _mm_set1_epi8((char)0xE2);
    int chunks = left >= 64 ? 4 : (int)((left + 15) / 16); /* (bytes past n: masked) */
    for (int k = 0; k < chunks; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        __m128i al = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, x20), shift), lim);
        __m128i dg = _mm_cmplt_epi8(_mm_add_epi8(v, d0), d10);
        a |= (uint64_t)(uint32_t)_mm_movemask_epi8(al) << (16 * k);
        d |= (uint64_t)(uint32_t)_mm_movemask_epi8(dg) << (16 * k);
        q |= (uint64_t)(uint32_t)_mm_movemask_epi8(
                 _mm_or_si128(_mm_cmpeq_epi8(v, ap), _mm_cmpeq_epi8(v, e2)))
             << (16 * k);
    }
#else
    for (unsigned k = 0; k < 64; k++) {
        a |= (uint64_t)is_alpha(p[k]) << k;
        d |= (uint64_t)(p[k] >= '0' && p[k] <= '9') << k;
        q |= (uint64_t)(p[k] == '\'' || p[k] == 0xE2) << k;
    }
#endif
    if (left < 64) {
        uint64_t valid = (1ull << left) - 1;
        a &= valid;
        d &= valid;
        q &= valid;
    }
    *A = a;
    *D = d;
    *Q = q;
}

/* Masks keeping the first n bytes of a 16-byte key (n <= KEY_MAX). */
static const uint64_t KEEP_KEY[KEY_MAX + 1][2] = {
    {0x0000000000000000ULL, 0x0000000000000000ULL}, {0x00000000000000FFULL, 0x0000000000000000ULL},
    {0x000000000000FFFFULL, 0x0000000000000000ULL}, {0x0000000000FFFFFFULL, 0x0000000000000000ULL},
    {0x00000000FFFFFFFFULL, 0x0000000000000000ULL}, {0x000000FFFFFFFFFFULL, 0x0000000000000000ULL},
    {0x0000FFFFFFFFFFFFULL, 0x0000000000000000ULL}, {0x00FFFFFFFFFFFFFFULL, 0x0000000000000000ULL},
    {0xFFFFFFFFFFFFFFFFULL, 0x0000000000000000ULL}, {0xFFFFFFFFFFFFFFFFULL, 0x00000000000000FFULL},
    {0xFFFFFFFFFFFFFFFFULL, 0x000000000000FFFFULL}, {0xFFFFFFFFFFFFFFFFULL, 0x0000000000FFFFFFULL},
    {0xFFFFFFFFFFFFFFFFULL, 0x00000000FFFFFFFFULL}, {0xFFFFFFFFFFFFFFFFULL, 0x000000FFFFFFFFFFULL},
    {0xFFFFFFFFFFFFFFFFULL, 0x0000FFFFFFFFFFFFULL}, {0xFFFFFFFFFFFFFFFFULL, 0x00FFFFFFFFFFFFFFULL},
    {0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL},
};

/* find_plain for a word with 16 readable bytes at s. */
static ATTUNE__FORCE_INLINE const attune__lex_slot *find_plain16(const attune__lex *lx,
                                                                 const char *s, size_t n) {
    if (n > KEY_MAX)
        return NULL;
    uint64_t key[2];
    memcpy(&key[0], s, 8);
    memcpy(&key[1], s + 8, 8);
    key[0] = (key[0] | 0x2020202020202020ull) & KEEP_KEY[n][0];
    key[1] = (key[1] | 0x2020202020202020ull) & KEEP_KEY[n][1];
    return probe(lx, key, n);
}

_Static_assert(ATTUNE__TOK_CAP == 0x20u << 4, "TOK_CAP is the letter case bit moved up");

#if defined(__GNUC__)
#define TOK_NOINLINE __attribute__((noinline))
#else
#define TOK_NOINLINE
#endif

/* The letter word at s[b..) in full (it runs past the 64-byte block from
 * bb, or an apostrophe may join it to more letters, or fewer than 16
 * bytes are readable at b): stored in *wd; returns where it ends. Out of
 * the token loop so that its common path keeps its registers. */
static TOK_NOINLINE size_t word_at(const attune__lex *lx, const char *s, size_t n, size_t room,
                                   size_t b, size_t bb, uint64_t A, uint64_t Q, attune__word *wd) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = b, o = b - bb;
    int curly = 0; /* U+2019 inside the word */
    uint32_t joined = 0;
    uint64_t run = ~(A >> o);
    i += run ? (size_t)__builtin_ctzll(run) : 64;
    if (i - bb >= 64)
        i += alpha_run(s + i, n - i); /* the word goes on past the block */
    size_t e = i - bb;
    int more = e < 64 ? (int)((Q >> e) & 1u) : i < n && (p[i] == '\'' || p[i] == 0xE2);
    while (more && i < n && (p[i] == '\'' || p[i] == 0xE2)) {
        /* apostrophe inside a word: ' or U+2019 followed by a letter */
        if (i + 1 < n && p[i] == '\'' && is_alpha(p[i + 1])) {
            i++;
        } else if (i + 3 < n && p[i] == 0xE2 && p[i + 1] == 0x80 && p[i + 2] == 0x99 &&
                   is_alpha(p[i + 3])) {
            curly = 1;
            i += 3;
        } else {
            break;
        }
        joined = ATTUNE__TOK_JOINED;
        i += alpha_run(s + i, n - i);
    }
    size_t len = i - b;
    const attune__lex_slot *sl = curly ? (len >= 24 ? NULL : attune__lex_find(lx, s + b, len))
                                 : room - b >= 16 ? find_plain16(lx, s + b, len)
                                                  : find_plain(lx, s + b, len, room - b);
    /* (p[b] is a letter: uppercase when bit 5 is clear) */
    uint32_t f = ((uint32_t)(~p[b] & 0x20u) << 4) | joined;
    wd->len = (uint32_t)len;
    wd->flags = sl ? f | sl->flags : f;
    wd->lex = sl;
    return i;
}

/* The number at s[b..) ("12", "1,200", "3.5", "1.2k"): stored in *wd;
 * returns where it ends. */
static TOK_NOINLINE size_t number_at(const char *s, size_t n, size_t b, attune__word *wd) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = b;
    while (i < n && ((p[i] >= '0' && p[i] <= '9') || ((p[i] == '.' || p[i] == ',') && i + 1 < n &&
                                                      p[i + 1] >= '0' && p[i + 1] <= '9')))
        i++;
    /* "1.2k" counts as a number */
    if (i < n && (p[i] == 'k' || p[i] == 'K' || p[i] == 'm' || p[i] == 'M') &&
        (i + 1 == n || !is_alpha(p[i + 1])))
        i++;
    wd->len = (uint32_t)(i - b);
    wd->flags = ATTUNE__TOK_DIGITS;
    wd->lex = NULL;
    return i;
}

ATTUNE__SCAN_CLONES
size_t attune__tokenize_in(const attune__lex *lx, const char *s, size_t n, size_t room, size_t base,
                           attune__word *out, size_t max) {
    if (!n || !max)
        return 0;
    attune__word *wd = out, *wend = out + max;
    /* blocks of 64 bytes from bb (where the one before stopped: past its
     * last token, or at a word that runs across its end); o: the position
     * in the block */
    size_t bb = 0;
    while (bb < n) {
        uint64_t A, D, Q; /* Q: ' and 0xE2, where a word may go on */
        tok_masks(s, bb, n, room, &A, &D, &Q);
        uint64_t M = A | D;
        const unsigned char *q = (const unsigned char *)s + bb;
        size_t o = 0, room_b = room - bb, base_b = base + bb;
        while (o < 64) {
            /* the next letter or digit: the bytes before it are no token */
            uint64_t T = M >> o;
            if (!T) {
                o = 64;
                break;
            }
            o += (size_t)__builtin_ctzll(T);
            wd->off = base_b + o;
            uint64_t a = A >> o;
            uint64_t na = ~a;
            size_t len = na ? (size_t)__builtin_ctzll(na) : 64;
            size_t e = o + len;
            if ((a & 1u) && e < 64 && !((Q >> e) & 1u) && room_b - o >= 16) {
                /* the common word: it ends inside the block, no apostrophe
                 * may join it to more letters, and 16 bytes are readable
                 * for its key */
                const attune__lex_slot *sl = find_plain16(lx, (const char *)q + o, len);
                uint32_t f = (uint32_t)(~q[o] & 0x20u) << 4;
                wd->len = (uint32_t)len;
                wd->flags = sl ? f | sl->flags : f;
                wd->lex = sl;
                o = e;
            } else if ((a & 1u) && e >= 64 && o > 0) {
                break; /* a word across the block's end: the next block starts at it */
            } else {
                size_t i = (a & 1u) ? word_at(lx, s, n, room, bb + o, bb, A, Q, wd)
                                    : number_at(s, n, bb + o, wd);
                o = i - bb;
            }
            if (++wd == wend || bb + o >= n)
                return (size_t)(wd - out);
        }
        bb += o;
    }
    return (size_t)(wd - out);
}

size_t attune__tokenize(const attune__lex *lx, const char *s, size_t n, size_t base,
                        attune__word *out, size_t max) {
    return attune__tokenize_in(lx, s, n, n, base, out, max);
}

size_t attune__tokenize_ref(const attune__lex *lx, const char *s, size_t n, size_t base,
                            attune__word *out, size_t max) {
    size_t k = 0, i = 0;
    while (i < n && k < max) {
        unsigned char c = (unsigned char)s[i];
        if (is_alpha(c)) {
            size_t b = i;
            uint32_t joined = 0;
            for (;;) {
                while (i < n && is_alpha((unsigned char)s[i]))
                    i++;
                if (i + 1 < n && s[i] == '\'' && is_alpha((unsigned char)s[i + 1])) {
                    i++;
                    joined = ATTUNE__TOK_JOINED;
                    continue;
                }
                if (i + 3 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
                    (unsigned char)s[i + 2] == 0x99 && is_alpha((unsigned char)s[i + 3])) {
                    i += 3;
                    joined = ATTUNE__TOK_JOINED;
                    continue;
                }
                break;
            }
            out[k].off = base + b;
            out[k].len = (uint32_t)(i - b);
            out[k].flags = ((c >= 'A' && c <= 'Z') ? ATTUNE__TOK_CAP : 0) | joined;
            out[k].lex = (i - b) >= 24 ? NULL : attune__lex_find(lx, s + b, i - b);
            if (out[k].lex)
                out[k].flags |= out[k].lex->flags;
            k++;
        } else if (c >= '0' && c <= '9') {
            size_t b = i;
            while (i < n &&
                   ((s[i] >= '0' && s[i] <= '9') || ((s[i] == '.' || s[i] == ',') && i + 1 < n &&
                                                     s[i + 1] >= '0' && s[i + 1] <= '9')))
                i++;
            if (i < n && (s[i] == 'k' || s[i] == 'K' || s[i] == 'm' || s[i] == 'M') &&
                (i + 1 == n || !is_alpha((unsigned char)s[i + 1])))
                i++;
            out[k].off = base + b;
            out[k].len = (uint32_t)(i - b);
            out[k].flags = ATTUNE__TOK_DIGITS;
            out[k].lex = NULL;
            k++;
        } else {
            i++;
        }
    }
    return k;
}

int32_t attune__cue_kind(const attune__lex *lx, const char *src, const attune__word *w, size_t n,
                         int *header, size_t *covered) {
    int32_t kind = 0;
    size_t cov = 0;
    *header = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(w[i].flags & ATTUNE__W_PHRASE))
            continue;
        size_t best = 0;
        const cue *bc = NULL;
        /* the phrases whose first word is this word's slot, in table order */
        for (size_t next = w[i].lex->cue_head; next; next = lx->cue_next[next - 1]) {
            size_t c = next - 1;
            const cue *q = &CUES[c];
            size_t m = 1;
            while (m < 4 && q->w[m]) {
                if (i + m >= n || (w[i + m].flags & ATTUNE__TOK_DIGITS) ||
                    !word_eq(src + w[i + m].off, w[i + m].len, q->w[m], lx->cue_len[c][m]))
                    break;
                m++;
            }
            if ((m == 4 || !q->w[m]) && m > best) {
                best = m;
                bc = q;
            }
        }
        if (bc) {
            if (!kind || bc->header)
                kind = bc->kind;
            if (bc->header)
                *header = 1;
            cov += best;
            i += best - 1;
        }
    }
    *covered = cov;
    return kind;
}
