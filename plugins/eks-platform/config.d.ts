export interface Config {
  eksPlatform?: {
    status?: {
      query?: {
        /**
         * Entity refs one `POST /api/eks-platform/v1/status/query` may ask
         * for with `view: summary` (default 500). The backend refuses larger
         * batches with 400; the fleet page splits its query into batches of
         * this size, so the browser needs it too.
         * @visibility frontend
         */
        maxEntities?: number;
      };
    };
  };
}
