/*
 * A stand-in for illumos libkstat, for tests on Linux. It exports the entry points the
 * agent calls (kstat_open, kstat_close, kstat_lookup, kstat_read, kstat_data_lookup,
 * kstat_chain_update) with the illumos LP64 struct layouts of <sys/kstat.h> and
 * <kstat.h>, and serves KSTAT_TYPE_NAMED kstats from a fixture text file:
 *
 *   chain <kid>                                 the kernel's chain id
 *   kstat <module> <instance> <name> <class>    starts a kstat
 *   <statistic> <type> <value>                  type: char|i32|u32|i64|u64|string
 *
 * '#' starts a comment line; a string value is the rest of the line (may be empty).
 * The file is re-read by kstat_open, kstat_chain_update and every kstat_read, so a test
 * changes values, adds and removes kstats, and bumps the chain id between reads. As in
 * illumos: kstat_read of a kstat no longer present fails with ENXIO; a chain update
 * rebuilds the chain only when the chain id changed and frees the old headers.
 *
 * Test hooks (not in illumos): fake_kstat_set_fixture, fake_kstat_fail_next_reads,
 * fake_kstat_open_handles, fake_kstat_counter, fake_kstat_abi.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KSTAT_STRLEN 31
#define KSTAT_TYPE_NAMED 1
#define KSTAT_DATA_CHAR 0
#define KSTAT_DATA_INT32 1
#define KSTAT_DATA_UINT32 2
#define KSTAT_DATA_INT64 3
#define KSTAT_DATA_UINT64 4
#define KSTAT_DATA_STRING 9

typedef int kid_t;
typedef long long hrtime_t;

/* <sys/kstat.h> */
typedef struct kstat {
	hrtime_t ks_crtime;
	struct kstat *ks_next;
	kid_t ks_kid;
	char ks_module[KSTAT_STRLEN];
	unsigned char ks_resv;
	int ks_instance;
	char ks_name[KSTAT_STRLEN];
	unsigned char ks_type;
	char ks_class[KSTAT_STRLEN];
	unsigned char ks_flags;
	void *ks_data;
	unsigned int ks_ndata;
	size_t ks_data_size;
	hrtime_t ks_snaptime;
	int (*ks_update)(struct kstat *, int);
	void *ks_private;
	int (*ks_snapshot)(struct kstat *, void *, int);
	void *ks_lock;
} kstat_t;

/* <sys/kstat.h> */
typedef struct kstat_named {
	char name[KSTAT_STRLEN];
	unsigned char data_type;
	union {
		char c[16];
		int32_t i32;
		uint32_t ui32;
		struct {
			union {
				char *ptr;
				char __pad[8];
			} addr;
			uint32_t len;
		} str;
		int64_t i64;
		uint64_t ui64;
		long l;
		unsigned long ul;
		long long ll;
		unsigned long long ull;
		float f;
		double d;
	} value;
} kstat_named_t;

/* <kstat.h> */
typedef struct kstat_ctl {
	kid_t kc_chain_id;
	kstat_t *kc_chain;
	int kc_kd;
} kstat_ctl_t;

/* ---- fixture ---- */

typedef struct fx_stat {
	char name[KSTAT_STRLEN];
	unsigned char type;
	int64_t num;
	char *str;
} fx_stat_t;

typedef struct fx_kstat {
	char module[KSTAT_STRLEN];
	int instance;
	char name[KSTAT_STRLEN];
	char ks_class[KSTAT_STRLEN];
	int nstats;
	int cap;
	fx_stat_t *stats;
} fx_kstat_t;

typedef struct fx {
	kid_t chain;
	int nkstats;
	int cap;
	fx_kstat_t *kstats;
} fx_t;

static char fixture_path[4096];
static int fail_reads;
static int fail_errno;
static int open_handles;
static long counters[4]; /* opens, closes, chain updates that rebuilt, reads */

static void copy_name(char *dst, const char *src)
{
	strncpy(dst, src, KSTAT_STRLEN - 1);
	dst[KSTAT_STRLEN - 1] = '\0';
}

static void fx_free(fx_t *fx)
{
	for (int i = 0; i < fx->nkstats; i++) {
		for (int j = 0; j < fx->kstats[i].nstats; j++) {
			free(fx->kstats[i].stats[j].str);
		}
		free(fx->kstats[i].stats);
	}
	free(fx->kstats);
	memset(fx, 0, sizeof(*fx));
}

static int parse_type(const char *t, unsigned char *out)
{
	if (strcmp(t, "char") == 0) *out = KSTAT_DATA_CHAR;
	else if (strcmp(t, "i32") == 0) *out = KSTAT_DATA_INT32;
	else if (strcmp(t, "u32") == 0) *out = KSTAT_DATA_UINT32;
	else if (strcmp(t, "i64") == 0) *out = KSTAT_DATA_INT64;
	else if (strcmp(t, "u64") == 0) *out = KSTAT_DATA_UINT64;
	else if (strcmp(t, "string") == 0) *out = KSTAT_DATA_STRING;
	else return -1;
	return 0;
}

/* Returns 0, or -1 with errno set (ENOENT: no fixture; EINVAL: malformed). */
static int fx_load(fx_t *fx)
{
	memset(fx, 0, sizeof(*fx));
	const char *path = fixture_path[0] ? fixture_path : getenv("FAKE_KSTAT_FIXTURE");
	if (path == NULL) {
		errno = ENOENT;
		return -1;
	}
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		return -1;
	}
	char line[4096];
	fx_kstat_t *cur = NULL;
	while (fgets(line, sizeof(line), f) != NULL) {
		size_t len = strlen(line);
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
		char *p = line;
		while (*p == ' ' || *p == '\t') p++;
		if (*p == '\0' || *p == '#') continue;
		char w1[256], w2[256], w3[256], w4[256], w5[256];
		int off = 0;
		if (sscanf(p, "%255s %255s%n", w1, w2, &off) < 2) goto bad;
		if (strcmp(w1, "chain") == 0) {
			fx->chain = atoi(w2);
			continue;
		}
		if (strcmp(w1, "kstat") == 0) {
			if (sscanf(p, "%255s %255s %255s %255s %255s", w1, w2, w3, w4, w5) != 5) goto bad;
			if (fx->nkstats == fx->cap) {
				fx->cap = fx->cap ? fx->cap * 2 : 16;
				fx->kstats = realloc(fx->kstats, fx->cap * sizeof(fx_kstat_t));
			}
			cur = &fx->kstats[fx->nkstats++];
			memset(cur, 0, sizeof(*cur));
			copy_name(cur->module, w2);
			cur->instance = atoi(w3);
			copy_name(cur->name, w4);
			copy_name(cur->ks_class, w5);
			continue;
		}
		if (cur == NULL) goto bad;
		if (cur->nstats == cur->cap) {
			cur->cap = cur->cap ? cur->cap * 2 : 16;
			cur->stats = realloc(cur->stats, cur->cap * sizeof(fx_stat_t));
		}
		fx_stat_t *s = &cur->stats[cur->nstats];
		memset(s, 0, sizeof(*s));
		copy_name(s->name, w1);
		if (parse_type(w2, &s->type) != 0) goto bad;
		char *rest = p + off;
		while (*rest == ' ' || *rest == '\t') rest++;
		if (s->type == KSTAT_DATA_STRING || s->type == KSTAT_DATA_CHAR) {
			s->str = strdup(rest);
		} else {
			char *end;
			errno = 0;
			if (s->type == KSTAT_DATA_UINT64 || s->type == KSTAT_DATA_UINT32) {
				s->num = (int64_t)strtoull(rest, &end, 10);
			} else {
				s->num = strtoll(rest, &end, 10);
			}
			if (end == rest || errno != 0) goto bad;
		}
		cur->nstats++;
	}
	fclose(f);
	return 0;
bad:
	fclose(f);
	fx_free(fx);
	errno = EINVAL;
	return -1;
}

static fx_kstat_t *fx_find(fx_t *fx, const char *module, int instance, const char *name)
{
	for (int i = 0; i < fx->nkstats; i++) {
		fx_kstat_t *k = &fx->kstats[i];
		if (k->instance == instance && strcmp(k->module, module) == 0 && strcmp(k->name, name) == 0) {
			return k;
		}
	}
	return NULL;
}

static hrtime_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (hrtime_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void chain_free(kstat_t *ks)
{
	while (ks != NULL) {
		kstat_t *next = ks->ks_next;
		free(ks->ks_data);
		free(ks);
		ks = next;
	}
}

static kstat_t *chain_build(fx_t *fx)
{
	kstat_t *head = NULL, **tail = &head;
	for (int i = 0; i < fx->nkstats; i++) {
		fx_kstat_t *k = &fx->kstats[i];
		kstat_t *ks = calloc(1, sizeof(kstat_t));
		ks->ks_crtime = now_ns();
		ks->ks_kid = i + 1;
		copy_name(ks->ks_module, k->module);
		ks->ks_instance = k->instance;
		copy_name(ks->ks_name, k->name);
		ks->ks_type = KSTAT_TYPE_NAMED;
		copy_name(ks->ks_class, k->ks_class);
		ks->ks_ndata = k->nstats;
		ks->ks_data_size = k->nstats * sizeof(kstat_named_t);
		*tail = ks;
		tail = &ks->ks_next;
	}
	return head;
}

/* ---- libkstat ---- */

kstat_ctl_t *kstat_open(void)
{
	fx_t fx;
	if (fx_load(&fx) != 0) {
		return NULL;
	}
	kstat_ctl_t *kc = calloc(1, sizeof(kstat_ctl_t));
	kc->kc_chain_id = fx.chain;
	kc->kc_chain = chain_build(&fx);
	kc->kc_kd = 3;
	fx_free(&fx);
	open_handles++;
	counters[0]++;
	return kc;
}

int kstat_close(kstat_ctl_t *kc)
{
	if (kc == NULL) {
		errno = EINVAL;
		return -1;
	}
	chain_free(kc->kc_chain);
	free(kc);
	open_handles--;
	counters[1]++;
	return 0;
}

kid_t kstat_chain_update(kstat_ctl_t *kc)
{
	fx_t fx;
	if (fx_load(&fx) != 0) {
		return -1;
	}
	if (fx.chain == kc->kc_chain_id) {
		fx_free(&fx);
		return 0;
	}
	chain_free(kc->kc_chain);
	kc->kc_chain = chain_build(&fx);
	kc->kc_chain_id = fx.chain;
	fx_free(&fx);
	counters[2]++;
	return kc->kc_chain_id;
}

kstat_t *kstat_lookup(kstat_ctl_t *kc, char *module, int instance, char *name)
{
	for (kstat_t *ks = kc->kc_chain; ks != NULL; ks = ks->ks_next) {
		if ((module == NULL || strcmp(ks->ks_module, module) == 0) &&
		    (instance == -1 || ks->ks_instance == instance) &&
		    (name == NULL || strcmp(ks->ks_name, name) == 0)) {
			return ks;
		}
	}
	errno = ENOENT;
	return NULL;
}

kid_t kstat_read(kstat_ctl_t *kc, kstat_t *ksp, void *buf)
{
	(void)kc;
	counters[3]++;
	if (fail_reads > 0) {
		fail_reads--;
		errno = fail_errno;
		return -1;
	}
	fx_t fx;
	if (fx_load(&fx) != 0) {
		return -1;
	}
	fx_kstat_t *k = fx_find(&fx, ksp->ks_module, ksp->ks_instance, ksp->ks_name);
	if (k == NULL) {
		fx_free(&fx);
		errno = ENXIO;
		return -1;
	}
	/* As the kernel does for named kstats: the array, then the strings it points to. */
	size_t strings = 0;
	for (int i = 0; i < k->nstats; i++) {
		if (k->stats[i].type == KSTAT_DATA_STRING) strings += strlen(k->stats[i].str) + 1;
	}
	size_t size = k->nstats * sizeof(kstat_named_t) + strings;
	char *data = calloc(1, size ? size : 1);
	char *strp = data + k->nstats * sizeof(kstat_named_t);
	kstat_named_t *kn = (kstat_named_t *)data;
	for (int i = 0; i < k->nstats; i++) {
		fx_stat_t *s = &k->stats[i];
		copy_name(kn[i].name, s->name);
		kn[i].data_type = s->type;
		switch (s->type) {
		case KSTAT_DATA_CHAR: strncpy(kn[i].value.c, s->str, 16); break;
		case KSTAT_DATA_INT32: kn[i].value.i32 = (int32_t)s->num; break;
		case KSTAT_DATA_UINT32: kn[i].value.ui32 = (uint32_t)s->num; break;
		case KSTAT_DATA_INT64: kn[i].value.i64 = s->num; break;
		case KSTAT_DATA_UINT64: kn[i].value.ui64 = (uint64_t)s->num; break;
		case KSTAT_DATA_STRING:
			strcpy(strp, s->str);
			kn[i].value.str.addr.ptr = strp;
			kn[i].value.str.len = strlen(s->str) + 1;
			strp += strlen(s->str) + 1;
			break;
		}
	}
	if (buf != NULL) {
		memcpy(buf, data, k->nstats * sizeof(kstat_named_t));
		free(data);
	} else {
		free(ksp->ks_data);
		ksp->ks_data = data;
	}
	ksp->ks_ndata = k->nstats;
	ksp->ks_data_size = size;
	ksp->ks_snaptime = now_ns();
	kid_t kid = fx.chain;
	fx_free(&fx);
	return kid;
}

void *kstat_data_lookup(kstat_t *ksp, char *name)
{
	if (ksp->ks_type != KSTAT_TYPE_NAMED || ksp->ks_data == NULL) {
		errno = EINVAL;
		return NULL;
	}
	kstat_named_t *kn = ksp->ks_data;
	for (unsigned int i = 0; i < ksp->ks_ndata; i++) {
		if (strcmp(kn[i].name, name) == 0) {
			return &kn[i];
		}
	}
	errno = ENOENT;
	return NULL;
}

/* ---- test hooks ---- */

void fake_kstat_set_fixture(const char *path)
{
	strncpy(fixture_path, path, sizeof(fixture_path) - 1);
}

void fake_kstat_fail_next_reads(int n, int err)
{
	fail_reads = n;
	fail_errno = err;
}

int fake_kstat_open_handles(void)
{
	return open_handles;
}

/* 0 opens, 1 closes, 2 chain rebuilds, 3 reads */
long fake_kstat_counter(int which)
{
	return which >= 0 && which < 4 ? counters[which] : -1;
}

/* sizeof and offsetof as this compiler lays the illumos structs out, for the layout test. */
long fake_kstat_abi(const char *what)
{
#define ABI(n, v) if (strcmp(what, n) == 0) return (long)(v)
	ABI("sizeof(kstat_ctl_t)", sizeof(kstat_ctl_t));
	ABI("kc_chain_id", offsetof(kstat_ctl_t, kc_chain_id));
	ABI("kc_chain", offsetof(kstat_ctl_t, kc_chain));
	ABI("kc_kd", offsetof(kstat_ctl_t, kc_kd));
	ABI("sizeof(kstat_t)", sizeof(kstat_t));
	ABI("ks_crtime", offsetof(kstat_t, ks_crtime));
	ABI("ks_next", offsetof(kstat_t, ks_next));
	ABI("ks_kid", offsetof(kstat_t, ks_kid));
	ABI("ks_module", offsetof(kstat_t, ks_module));
	ABI("ks_instance", offsetof(kstat_t, ks_instance));
	ABI("ks_name", offsetof(kstat_t, ks_name));
	ABI("ks_type", offsetof(kstat_t, ks_type));
	ABI("ks_class", offsetof(kstat_t, ks_class));
	ABI("ks_data", offsetof(kstat_t, ks_data));
	ABI("ks_ndata", offsetof(kstat_t, ks_ndata));
	ABI("ks_data_size", offsetof(kstat_t, ks_data_size));
	ABI("ks_snaptime", offsetof(kstat_t, ks_snaptime));
	ABI("sizeof(kstat_named_t)", sizeof(kstat_named_t));
	ABI("data_type", offsetof(kstat_named_t, data_type));
	ABI("value", offsetof(kstat_named_t, value));
	ABI("value.str.len", offsetof(kstat_named_t, value.str.len));
#undef ABI
	return -1;
}
