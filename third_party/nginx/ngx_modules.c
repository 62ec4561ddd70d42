/*
 * nginx's objs/ngx_modules.c for Tessera: the modules compiled into the
 * image, in the order auto/configure lists them (filters run in reverse
 * order of this list, so the order matters). HTTP: static files, index,
 * autoindex, try_files, access log, range requests, conditional requests
 * (not_modified), add_header/expires (headers), chunked replies and gzip
 * (zlib, //third_party/zlib); no rewrite (it needs PCRE), no proxying
 * modules.
 */
#include <ngx_config.h>
#include <ngx_core.h>

extern ngx_module_t ngx_core_module;
extern ngx_module_t ngx_errlog_module;
extern ngx_module_t ngx_conf_module;
extern ngx_module_t ngx_events_module;
extern ngx_module_t ngx_event_core_module;
extern ngx_module_t ngx_epoll_module;
extern ngx_module_t ngx_thread_pool_module;
extern ngx_module_t ngx_http_module;
extern ngx_module_t ngx_http_core_module;
extern ngx_module_t ngx_http_log_module;
extern ngx_module_t ngx_http_upstream_module;
extern ngx_module_t ngx_http_static_module;
extern ngx_module_t ngx_http_autoindex_module;
extern ngx_module_t ngx_http_index_module;
extern ngx_module_t ngx_http_try_files_module;
extern ngx_module_t ngx_http_write_filter_module;
extern ngx_module_t ngx_http_header_filter_module;
extern ngx_module_t ngx_http_chunked_filter_module;
extern ngx_module_t ngx_http_range_header_filter_module;
extern ngx_module_t ngx_http_gzip_filter_module;
extern ngx_module_t ngx_http_postpone_filter_module;
extern ngx_module_t ngx_http_headers_filter_module;
extern ngx_module_t ngx_http_copy_filter_module;
extern ngx_module_t ngx_http_range_body_filter_module;
extern ngx_module_t ngx_http_not_modified_filter_module;

ngx_module_t *ngx_modules[] = {
	&ngx_core_module, &ngx_errlog_module, &ngx_conf_module,
	&ngx_events_module, &ngx_event_core_module, &ngx_epoll_module,
	&ngx_thread_pool_module, &ngx_http_module, &ngx_http_core_module,
	&ngx_http_log_module,
	/* The HTTP core refers to it even without proxying modules. */
	&ngx_http_upstream_module, &ngx_http_static_module,
	&ngx_http_autoindex_module, &ngx_http_index_module,
	&ngx_http_try_files_module, &ngx_http_write_filter_module,
	&ngx_http_header_filter_module, &ngx_http_chunked_filter_module,
	&ngx_http_range_header_filter_module, &ngx_http_gzip_filter_module,
	&ngx_http_postpone_filter_module, &ngx_http_headers_filter_module,
	&ngx_http_copy_filter_module, &ngx_http_range_body_filter_module,
	&ngx_http_not_modified_filter_module, NULL
};

char *ngx_module_names[] = { "ngx_core_module",
			     "ngx_errlog_module",
			     "ngx_conf_module",
			     "ngx_events_module",
			     "ngx_event_core_module",
			     "ngx_epoll_module",
			     "ngx_thread_pool_module",
			     "ngx_http_module",
			     "ngx_http_core_module",
			     "ngx_http_log_module",
			     "ngx_http_upstream_module",
			     "ngx_http_static_module",
			     "ngx_http_autoindex_module",
			     "ngx_http_index_module",
			     "ngx_http_try_files_module",
			     "ngx_http_write_filter_module",
			     "ngx_http_header_filter_module",
			     "ngx_http_chunked_filter_module",
			     "ngx_http_range_header_filter_module",
			     "ngx_http_gzip_filter_module",
			     "ngx_http_postpone_filter_module",
			     "ngx_http_headers_filter_module",
			     "ngx_http_copy_filter_module",
			     "ngx_http_range_body_filter_module",
			     "ngx_http_not_modified_filter_module",
			     NULL };
