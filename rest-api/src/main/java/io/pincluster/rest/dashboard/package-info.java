/**
 * The dashboard: one static page (HTML, CSS and JavaScript kept as resources in this jar) that every peer serves
 * behind the REST credentials, and that polls the existing JSON routes from the browser. Nothing is built or fetched
 * at run time; the server only hands out the three files.
 */
package io.pincluster.rest.dashboard;
