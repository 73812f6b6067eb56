/* The lexicon of language cues the classifier uses: English function words
 * (for stopword density, as jusText measures it), lorem-ipsum filler words,
 * promotional vocabulary, counter nouns, profile field names and the phrases
 * that mark site chrome, bylines, forms, related links, tables of contents,
 * author and social boxes. The lookup table is built once (pthread_once) and
 * is immutable afterwards, so parses share it from any thread. */
#include "content/lexicon_key.h"

#include <pthread.h>
#include <string.h>

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

const attune__lex_slot *attune__lex_find_plain(const attune__lex *lx, const char *s, size_t n,
                                               size_t room) {
    return find_plain(lx, s, n, room);
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
