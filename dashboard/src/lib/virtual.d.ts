/** The job validator generated at build time (dashboard/build.ts). */
declare module "virtual:job-validator" {
  const validate: (job: unknown) => boolean;
  export default validate;
}
